import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { findMembers } from '../../app/members/find-member.ts';
import { joinProgram, leaveProgram } from '../../app/members/join-program.ts';
import { getMember } from '../../app/members/member-view.ts';
import { DomainError } from '../../domain/errors.ts';
import { MAX_EMAIL_LENGTH, MAX_MEMBERS_FOUND, MAX_PHONE_LENGTH } from '../../domain/limits.ts';
import { listJson, listSchema } from './answers.ts';
import { customerJson, customerSchema } from './customer-schemas.ts';
import { oneCustomer } from './path-resources.ts';
import { routeSpec } from './route-spec.ts';
import { safeInt, storeId, storeIdOut } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

const joinSchema = z
  .object({
    object: z.literal('membership'),
    customerId: storeIdOut,
    memberNumber: z.int().min(1),
    pointsCredited: safeInt().describe('Join points paid now: 0 when they were paid on an earlier joining'),
    balance: safeInt(),
  })
  .meta({ id: 'Membership' });

const lookupQuery = z
  .object({
    email: z.string().trim().min(3).max(MAX_EMAIL_LENGTH).optional(),
    phone: z.string().trim().min(5).max(MAX_PHONE_LENGTH).optional().describe('Compared by its digits only'),
    memberNumber: z.coerce.number().int().positive().optional(),
  })
  .superRefine((q, issue) => {
    const given = [q.email, q.phone, q.memberNumber].filter((v) => v !== undefined).length;
    if (given !== 1) {
      issue.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'Give exactly one of email, phone or memberNumber',
      });
    }
  });

export function memberRoutes(api: Api, ctx: AppContext) {
  membershipChangeRoutes(api, ctx);
  memberLookupRoutes(api, ctx);
}

/** Joining and leaving. */
function membershipChangeRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/members',
    routeSpec('POST', {
      operationId: 'joinProgram',
      tag: 'Members',
      summary: 'Join the program',
      description:
        'Makes a customer a member, from the registration form, My Account or the till. Join points are credited once per customer ever: leaving and joining again pays nothing.',
      body: z.object({
        customerId: storeId,
        source: z.enum(['registration', 'my_account', 'pos']).describe('Where the customer joined'),
      }),
      responses: { 201: joinSchema },
      errors: { 404: ['customer_not_found', 'program_not_found'], 409: ['already_member'] },
      example: { body: { customerId: 'c-1', source: 'registration' } },
    }),
    async (request, reply) => {
      const joined = await joinProgram(ctx, { shopId: shopOf(request), ...request.body });
      return reply
        .code(201)
        .send({ object: 'membership' as const, customerId: request.body.customerId, ...joined });
    },
  );

  api.delete(
    '/members/:customerId',
    routeSpec('DELETE', {
      operationId: 'leaveProgram',
      tag: 'Members',
      summary: 'Leave the program',
      description:
        'Ends the membership. The balance and codes stay; joining again later pays no join points.',
      on: oneCustomer,
      responses: { 200: customerSchema },
      errors: { 409: ['not_a_member'] },
    }),
    async (request) => {
      const shopId = shopOf(request);
      await getMember(ctx, shopId, request.params.customerId);
      await leaveProgram(ctx, { shopId, customerId: request.params.customerId });
      return customerJson(await getMember(ctx, shopId, request.params.customerId));
    },
  );
}

/** Reading a member, and finding members at the till. */
function memberLookupRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/members/:customerId',
    routeSpec('GET', {
      operationId: 'getMember',
      tag: 'Members',
      summary: 'Read a member',
      description: 'Membership and balance of a customer who has joined (also after leaving).',
      on: oneCustomer,
      responses: { 200: customerSchema },
      errors: { 404: ['member_not_found'] },
    }),
    async (request) => {
      const view = await getMember(ctx, shopOf(request), request.params.customerId);
      if (!view.member) {
        throw new DomainError(
          'member_not_found',
          `Customer "${request.params.customerId}" has never joined the program`,
        );
      }
      return customerJson(view);
    },
  );

  api.get(
    '/members',
    routeSpec('GET', {
      operationId: 'findMembers',
      tag: 'Members',
      summary: 'Find members at the till',
      description:
        'Current members by e-mail (any letter case), phone (digits compared) or member number; give exactly one. At most 10, newest member first.',
      querystring: lookupQuery,
      responses: { 200: listSchema(customerSchema, MAX_MEMBERS_FOUND) },
      example: { query: { phone: '040 123 4567' } },
    }),
    async (request) => {
      const q = request.query;
      const lookup =
        q.email !== undefined
          ? { email: q.email }
          : q.phone !== undefined
            ? { phone: q.phone }
            : { memberNumber: q.memberNumber! };
      const found = await findMembers(ctx, shopOf(request), lookup);
      return listJson(found, customerJson);
    },
  );
}
