import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { jsonApiScope } from '../api/json-scope.ts';
import { shopperTokenAuth } from '../auth/shopper-token-auth.ts';
import { shopperAccountRoutes } from './account-routes.ts';
import { shopperConsentRoutes } from './consent-routes.ts';
import { shopperProgramRoutes } from './program-routes.ts';
import { shopperCors } from './shopper-cors.ts';
import { shopperProgramCache } from './shopper-program-cache.ts';
import {
  DEFAULT_SHOPPER_RATE_LIMITS,
  type ShopperRateLimits,
  shopperRateLimit,
} from './shopper-rate-limit.ts';

/**
 * The shopper routes under /v1/shopper: called from the shop's own pages in a browser, so a
 * scope of their own beside the store API's, with CORS for the origins the shop lists, the
 * shopper token instead of an API key (public routes need neither), and budgets per shopper and
 * per client address. In the same OpenAPI document as the store API.
 */
export function shopperApi(
  ctx: AppContext,
  limits: ShopperRateLimits = DEFAULT_SHOPPER_RATE_LIMITS,
  publicUrl?: string,
) {
  return async (scope: FastifyInstance) => {
    const api = jsonApiScope(scope);
    api.decorateRequest('shopper', null);
    // CORS first, so that refusals (401, 429) reach the page's script too.
    api.addHook('onRequest', shopperCors(ctx));
    api.addHook('onRequest', shopperTokenAuth(ctx));
    api.addHook('onRequest', shopperRateLimit(ctx, limits));
    // Preflights: answered for every shopper path; the CORS hook has added the allowance or not.
    api.options('/shops/:shopId/*', { schema: { hide: true } }, async (_request, reply) =>
      reply.code(204).send(),
    );
    const programs = shopperProgramCache(ctx);
    shopperProgramRoutes(api, ctx, programs, publicUrl);
    shopperAccountRoutes(api, ctx, programs);
    shopperConsentRoutes(api, ctx);
  };
}

export type { ShopperRateLimits };
