import { z } from 'zod';
import { createAdminUser } from '../../app/admin-users/users.ts';
import type { AppContext } from '../../app/context.ts';
import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH } from '../../domain/limits.ts';
import { operatorShopRouteSpec } from './operator-schemas.ts';
import { text } from './schemas.ts';
import type { Api } from './types.ts';

const ROLES = ['owner', 'cashier'] as const;
const LANGUAGES = ['fi', 'en'] as const;

const newAdminUser = z.object({
  email: z
    .string()
    .max(MAX_EMAIL_LENGTH, `At most ${MAX_EMAIL_LENGTH} characters`)
    .describe('Unique in the shop, whatever its letter case'),
  name: z.string().max(MAX_NAME_LENGTH, `At most ${MAX_NAME_LENGTH} characters`).nullable().default(null),
  password: z
    .string()
    .max(200)
    .optional()
    .describe('At least 10 characters; without it one is generated and returned once'),
  language: z
    .enum(LANGUAGES)
    .nullable()
    .default(null)
    .describe('The admin language; null follows the browser'),
  role: z.enum(ROLES).default('owner').describe('`cashier` opens only the till (/admin/pos)'),
});

const createdAdminUser = z
  .object({
    object: z.literal('admin_user'),
    shopId: text(100),
    id: z.int(),
    email: text(MAX_EMAIL_LENGTH),
    name: text(MAX_NAME_LENGTH).nullable(),
    language: z.enum(LANGUAGES).nullable(),
    role: z.enum(ROLES),
    password: z
      .string()
      .max(200)
      .nullable()
      .describe('The generated password, shown only in this answer; null when one was given'),
  })
  .meta({ id: 'CreatedAdminUser' });

/**
 * A shop's admin user made by the operator: what `loyalty admin-user create` does beside a
 * service that holds the embedded database.
 */
export function operatorAdminUserRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/shops/:shopId/users',
    operatorShopRouteSpec('POST', {
      operationId: 'operatorCreateShopUser',
      summary: 'Create a user of a shop’s admin',
      description:
        'A merchant user who signs in to /admin: an owner (the whole admin) or a cashier (only the till at /admin/pos). Without a password one is generated and returned once.',
      body: newAdminUser,
      responses: { 201: createdAdminUser },
      errors: { 409: ['admin_user_exists'] },
      example: {
        body: { email: 'till@example.com', name: 'Till 1', role: 'cashier' },
      },
    }),
    async (request, reply) => {
      const created = await createAdminUser(ctx, { shopId: request.params.shopId, ...request.body });
      reply.code(201);
      return {
        object: 'admin_user' as const,
        ...created.user,
        password: created.generated ? created.password : null,
      };
    },
  );
}
