import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import {
  listShops,
  provisionShop,
  resumeShop,
  showShop,
  suspendShop,
} from '../../app/shops/provision-shop.ts';
import { MAX_PAGE_SIZE, MAX_REASON_LENGTH } from '../../domain/limits.ts';
import { operatorKeyAuth } from '../auth/operator-key-auth.ts';
import { type ApiRateLimitOptions, DEFAULT_API_RATE_LIMIT } from '../rate-limit/api-key-limit.ts';
import { policedRule, spendToken } from '../rate-limit/spend-token.ts';
import { TokenBuckets } from '../rate-limit/token-bucket.ts';
import { operatorStorefrontSecretRoutes } from '../shopper/operator-secret-routes.ts';
import { jsonApiScope } from './json-scope.ts';
import { operatorAdminUserRoutes } from './operator-admin-users.ts';
import { operatorBillingRoutes } from './operator-billing.ts';
import { operatorKeyCreateRoute, operatorKeyRoutes } from './operator-keys.ts';
import {
  newShopBody,
  operatorRouteSpec,
  operatorShopRouteSpec,
  shopFields,
  shopJson,
  shopSchema,
} from './operator-schemas.ts';
import { pageLimit, storeId, text } from './schemas.ts';
import type { Api } from './types.ts';

/**
 * The operator API under /v1/operator: whoever runs the service for many shops creates, lists,
 * suspends and resumes shops, makes their API keys and bills them (prices, ends subscriptions,
 * reads and closes invoice months), with an operator key (`op_…`). It is a
 * scope of its own beside the store API's, in the same OpenAPI document: shop keys are refused
 * here and operator keys there.
 */
export function operatorApi(ctx: AppContext, rateLimit?: ApiRateLimitOptions) {
  return async (scope: FastifyInstance) => {
    const api = jsonApiScope(scope);
    api.decorateRequest('operatorKey', null);
    api.addHook('onRequest', operatorKeyAuth(ctx));
    const limit = operatorRateLimit(ctx, rateLimit);
    if (limit) api.addHook('onRequest', limit);
    operatorShopRoutes(api, ctx);
    operatorShopStateRoutes(api, ctx);
    operatorShopListRoute(api, ctx);
    operatorKeyRoutes(api, ctx);
    operatorKeyCreateRoute(api, ctx);
    operatorBillingRoutes(api, ctx);
    operatorStorefrontSecretRoutes(api, ctx);
    operatorAdminUserRoutes(api, ctx);
  };
}

/** Each operator key has the budget of a shop's key (docs/api.md, "Rate limits"), with the same fields. */
function operatorRateLimit(ctx: AppContext, options: ApiRateLimitOptions = {}) {
  const perKey = options.perKey ?? DEFAULT_API_RATE_LIMIT;
  if (perKey === false) return undefined;
  const buckets = new TokenBuckets(options.maxKeys);
  const rule = policedRule(perKey);
  return function limitOperatorKeys(request: FastifyRequest, reply: FastifyReply, done: () => void) {
    const key = request.operatorKey;
    if (!key) return done();
    spendToken(
      request,
      reply,
      done,
      { buckets, bucket: key.id, rule, now: ctx.clock.now().getTime() },
      (seconds) => `This operator key is over its budget; try again in ${seconds} s`,
    );
  };
}

const created = z.object({
  ...shopFields,
  adminUser: z
    .object({
      email: text(254),
      password: text(200).describe(
        'Generated: shown only in this answer; the user signs in with it at /admin',
      ),
    })
    .nullable()
    .describe('The first admin user, when `adminEmail` was given'),
});

function operatorShopRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/shops',
    operatorRouteSpec('POST', {
      operationId: 'operatorCreateShop',
      summary: 'Create a shop',
      description:
        'A new shop with its time zone, language and currency (the defaults of its program’s settings) and optionally its first admin user. All of it or nothing; an id that exists is refused with 409 `shop_exists`.',
      body: newShopBody,
      responses: { 201: created },
      errors: { 409: ['shop_exists'] },
      example: {
        body: {
          id: 'outdoor-store',
          name: 'Outdoor Store',
          timeZone: 'Europe/Helsinki',
          language: 'fi',
          currency: 'EUR',
          adminEmail: 'owner@example.com',
        },
      },
    }),
    async (request, reply) => {
      const result = await provisionShop(ctx, request.body);
      reply.code(201);
      return { ...shopJson(result.shop), adminUser: result.adminUser };
    },
  );

  api.get(
    '/shops/:shopId',
    operatorShopRouteSpec('GET', {
      operationId: 'operatorGetShop',
      summary: 'Get a shop',
      description: 'The shop with its time zone, language, currency and status (with why it is suspended).',
      responses: { 200: shopSchema },
      example: { params: { shopId: 'outdoor-store' } },
    }),
    async (request) => shopJson(await showShop(ctx, request.params.shopId)),
  );
}

const stateChange = z.object({
  ...shopFields,
  outcome: z.enum(['applied', 'duplicate']).describe('`duplicate`: the shop was in this state already'),
});

function operatorShopStateRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/shops/:shopId/suspend',
    operatorShopRouteSpec('POST', {
      operationId: 'operatorSuspendShop',
      summary: 'Suspend a shop',
      description:
        'The shop’s API keys answer 403 `shop_suspended` (within the 10 seconds a server remembers a key) and its admin says why. Nothing is deleted; resume it to go on.',
      body: z
        .object({
          reason: z
            .string()
            .max(MAX_REASON_LENGTH, `At most ${MAX_REASON_LENGTH} characters`)
            .optional()
            .describe('Shown to the merchant in the admin'),
        })
        .optional(),
      responses: { 200: stateChange },
      example: { body: { reason: 'Invoice 2026-11 unpaid' } },
    }),
    async (request) => {
      const result = await suspendShop(ctx, request.params.shopId, request.body?.reason ?? null);
      return { ...shopJson(result.shop), outcome: result.outcome };
    },
  );

  api.post(
    '/shops/:shopId/resume',
    operatorShopRouteSpec('POST', {
      operationId: 'operatorResumeShop',
      summary: 'Resume a suspended shop',
      description:
        'Its API keys work again within the 10 seconds a server remembers a key; resuming an active shop changes nothing.',
      responses: { 200: stateChange },
      example: { params: { shopId: 'outdoor-store' } },
    }),
    async (request) => {
      const result = await resumeShop(ctx, request.params.shopId);
      return { ...shopJson(result.shop), outcome: result.outcome };
    },
  );
}

function operatorShopListRoute(api: Api, ctx: AppContext) {
  api.get(
    '/shops',
    operatorRouteSpec('GET', {
      operationId: 'operatorListShops',
      summary: 'List shops',
      description:
        'Shops by id, a page at a time. For the next page pass `nextAfter` of this page as `after`; it is null on the last page.',
      querystring: z.object({
        limit: pageLimit,
        after: storeId.optional().describe('Shops with an id after this one'),
      }),
      responses: {
        200: z.object({
          object: z.literal('list'),
          data: z.array(shopSchema).max(MAX_PAGE_SIZE),
          hasMore: z.boolean(),
          nextAfter: text(100).nullable(),
        }),
      },
      example: { query: { limit: 20 } },
    }),
    async (request) => {
      const page = await listShops(ctx, { limit: request.query.limit, after: request.query.after });
      return {
        object: 'list' as const,
        data: page.shops.map(shopJson),
        hasMore: page.hasMore,
        nextAfter: page.hasMore ? page.shops.at(-1)!.id : null,
      };
    },
  );
}
