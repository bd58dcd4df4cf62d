import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import {
  type ShopperIdentity,
  shopperJoin,
  shopperLeave,
  shopperLedger,
  shopperMembership,
  shopperValidCodes,
} from '../../app/shopper/shopper-account.ts';
import { iso, pageLimit } from '../api/schemas.ts';
import type { Api } from '../api/types.ts';
import type { ShopperPrograms } from './shopper-program-cache.ts';
import { shopperRouteSpec } from './shopper-route-spec.ts';
import {
  joinedSchema,
  membershipJson,
  membershipSchema,
  shopperCodesSchema,
  shopperLedgerSchema,
  visibleListJson,
} from './shopper-schemas.ts';

/** The verified shopper; the token hook refuses a token route's request before it gets here. */
function shopperOf(request: FastifyRequest): ShopperIdentity {
  if (!request.shopper) throw new Error('A shopper token route ran without a verified token');
  return request.shopper;
}

/** The program of the token's store version, as the routes keep it. */
const programOf = (programs: ShopperPrograms, who: ShopperIdentity) =>
  programs(who.shopId, who.storeVersionId);

/** The logged-in customer's own loyalty account, as the token the store signed names them. */
export function shopperAccountRoutes(api: Api, ctx: AppContext, programs: ShopperPrograms) {
  api.get(
    '/shops/:shopId/me',
    shopperRouteSpec('GET', {
      operationId: 'shopperMembership',
      access: 'token',
      summary: 'My membership and balance',
      description:
        'Member or not, member number, balance, the points to the next reward and the text of the member QR code for the till (`LOYALTY-<memberNumber>`), in the token’s store version.',
      responses: { 200: membershipSchema },
    }),
    async (request) => {
      const who = shopperOf(request);
      return membershipJson({
        ...who,
        ...(await shopperMembership(ctx, who, await programOf(programs, who))),
      });
    },
  );

  api.get(
    '/shops/:shopId/me/ledger',
    shopperRouteSpec('GET', {
      operationId: 'shopperLedger',
      access: 'token',
      summary: 'My points history',
      description:
        'Ledger entries, newest first, a page at a time (`before`: the `nextBefore` of the last page).',
      querystring: z.object({
        limit: pageLimit,
        before: z.coerce.number().int().min(1).optional().describe('Entries older than this id'),
      }),
      responses: { 200: shopperLedgerSchema },
      example: { query: { limit: 20 } },
    }),
    async (request) => {
      const who = shopperOf(request);
      const page = await shopperLedger(ctx, who, request.query, await programOf(programs, who));
      const entries = visibleListJson(page, page.entries, (e) => ({
        id: e.id,
        kind: e.kind,
        points: e.points,
        refType: e.refType,
        refId: e.refId,
        createdAt: iso(e.createdAt),
      }));
      return { ...entries, nextBefore: page.nextBefore };
    },
  );

  shopperCodesRoute(api, ctx, programs);
  shopperJoinLeaveRoutes(api, ctx);
}

function shopperCodesRoute(api: Api, ctx: AppContext, programs: ShopperPrograms) {
  api.get(
    '/shops/:shopId/me/codes',
    shopperRouteSpec('GET', {
      operationId: 'shopperCodes',
      access: 'token',
      summary: 'My valid discount codes',
      description: 'The codes that can still be used (not used, not expired), soonest expiry first.',
      responses: { 200: shopperCodesSchema },
    }),
    async (request) => {
      const who = shopperOf(request);
      const list = await shopperValidCodes(ctx, who, await programOf(programs, who));
      return visibleListJson(list, list.codes, (c) => ({
        code: c.code,
        valueCents: c.valueCents,
        expiresAt: iso(c.expiresAt),
        validUntil: iso(c.validUntil),
      }));
    },
  );
}

function shopperJoinLeaveRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/shops/:shopId/me/join',
    shopperRouteSpec('POST', {
      operationId: 'shopperJoin',
      access: 'token',
      summary: 'Join the loyalty program',
      description:
        'The “Join the loyalty program” choice on the registration form (`source: registration`) or the button on My Account (`my_account`). The customer must be known to the service (the store’s PUT /v1/customers/{id}). Refused with 409 `program_not_visible` where the program does not show, `already_member` for a member.',
      body: z.object({
        source: z
          .enum(['registration', 'my_account'])
          .default('my_account')
          .describe('Where the shopper joined'),
      }),
      responses: { 200: joinedSchema },
      errors: { 404: ['customer_not_found'], 409: ['program_not_visible', 'already_member'] },
      example: { body: { source: 'registration' } },
    }),
    async (request) => {
      const who = shopperOf(request);
      const joined = await shopperJoin(ctx, who, request.body.source);
      return { ...membershipJson({ ...who, ...joined }), pointsCredited: joined.pointsCredited };
    },
  );

  api.post(
    '/shops/:shopId/me/leave',
    shopperRouteSpec('POST', {
      operationId: 'shopperLeave',
      access: 'token',
      summary: 'Leave the loyalty program',
      description: 'Ends the membership from My Account. Refused with 409 `not_a_member` for a non-member.',
      responses: { 200: membershipSchema },
      errors: { 409: ['program_not_visible', 'not_a_member'] },
    }),
    async (request) => {
      const who = shopperOf(request);
      return membershipJson({ ...who, ...(await shopperLeave(ctx, who)) });
    },
  );
}
