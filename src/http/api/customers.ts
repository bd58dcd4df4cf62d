import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { upsertCustomer } from '../../app/customers/upsert-customer.ts';
import { getMember } from '../../app/members/member-view.ts';
import {
  MAX_EMAIL_LENGTH,
  MAX_LANGUAGE_TAG_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PHONE_LENGTH,
} from '../../domain/limits.ts';
import { createdOrFoundSchema, createdStatus } from './answers.ts';
import { customerJson, customerSchema } from './customer-schemas.ts';
import { oneCustomer } from './path-resources.ts';
import { routeSpec } from './route-spec.ts';
import { isoTime } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

export function customerRoutes(api: Api, ctx: AppContext) {
  api.put(
    '/customers/:customerId',
    routeSpec('PUT', {
      operationId: 'putCustomer',
      tag: 'Customers',
      summary: 'Create or update a customer',
      description:
        'Creates the customer with the store’s id (201) or replaces their details (200). The registration time is kept from the first call.',
      params: oneCustomer.params,
      body: z.object({
        email: z.email().max(MAX_EMAIL_LENGTH).nullable().default(null),
        phone: z.string().trim().max(MAX_PHONE_LENGTH).nullable().default(null),
        name: z.string().trim().max(MAX_NAME_LENGTH).nullable().default(null),
        language: z
          .string()
          .trim()
          .min(2)
          .max(MAX_LANGUAGE_TAG_LENGTH)
          .nullable()
          .default(null)
          .describe('e.g. `fi` or `en`'),
        registeredAt: isoTime.describe('When the customer registered in the store'),
      }),
      responses: createdOrFoundSchema(customerSchema),
      example: {
        params: { customerId: 'c-1' },
        body: {
          email: 'anna@example.com',
          phone: '+358 40 123 4567',
          name: 'Anna Virtanen',
          language: 'fi',
          registeredAt: '2026-06-01T09:00:00+03:00',
        },
      },
    }),
    async (request, reply) => {
      const shopId = shopOf(request);
      const { customerId } = request.params;
      const { created } = await upsertCustomer(ctx, {
        shopId,
        customerId,
        ...request.body,
        registeredAt: new Date(request.body.registeredAt),
      });
      return reply.code(createdStatus(created)).send(customerJson(await getMember(ctx, shopId, customerId)));
    },
  );

  api.get(
    '/customers/:customerId',
    routeSpec('GET', {
      operationId: 'getCustomer',
      tag: 'Customers',
      summary: 'Read a customer',
      description: 'The customer with their membership (if any) and point balance.',
      on: oneCustomer,
      responses: { 200: customerSchema },
    }),
    async (request) => customerJson(await getMember(ctx, shopOf(request), request.params.customerId)),
  );
}
