import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../app/service-context.ts';
import { apiKeyAuth } from '../auth/api-key-auth.ts';
import { idempotencyHooks } from '../idempotency/idempotency.ts';
import { type ApiRateLimitOptions, apiKeyRateLimit } from '../rate-limit/api-key-limit.ts';
import {
  type CodeCheckLimits,
  codeCheckLimit,
  DEFAULT_CODE_CHECK_LIMITS,
} from '../rate-limit/code-check-limit.ts';
import { type ShopperRateLimits, shopperApi } from '../shopper/index.ts';
import { adjustmentRoutes } from './adjustments.ts';
import { apiKeyRoutes } from './api-key.ts';
import { bulkEventRoutes } from './bulk-events.ts';
import { campaignGrantRoutes } from './campaign-grants.ts';
import { campaignRoutes } from './campaign-routes.ts';
import { checkoutRoutes } from './checkout.ts';
import { consentRoutes } from './consent-routes.ts';
import { customerRoutes } from './customers.ts';
import { docsRoutes } from './docs-routes.ts';
import { exportRoutes } from './exports.ts';
import { jsonApiScope } from './json-scope.ts';
import { liabilityRoutes } from './liability.ts';
import { mailSettingsRoutes } from './mail-settings.ts';
import { memberHistoryRoutes } from './member-history.ts';
import { memberRoutes } from './members.ts';
import { swaggerOptions } from './openapi.ts';
import { operatorApi } from './operator.ts';
import { orderEventRoutes } from './order-events.ts';
import { orderRoutes } from './orders.ts';
import { personalDataRoutes } from './personal-data.ts';
import { pointsPreviewRoutes } from './points-preview.ts';
import { programRoutes } from './program.ts';
import { programStoreVersionRoutes } from './program-store-versions.ts';
import { reviewRoutes } from './reviews.ts';
import { saleRoutes } from './sales.ts';
import { segmentRoutes } from './segment-routes.ts';
import { storefrontOriginRoutes } from './shopper-origins.ts';
import { storeVersionRoutes } from './store-versions.ts';
import { webhookEndpointRoutes } from './webhook-endpoints.ts';

export interface ApiOptions {
  codeCheckLimits?: CodeCheckLimits;
  /** The per-key budget (docs/api.md, "Rate limits"); the documented default when left out. */
  rateLimit?: ApiRateLimitOptions;
  /** The shopper routes' budgets per shopper and per client address; their defaults when left out. */
  shopperRateLimits?: ShopperRateLimits;
  /** The service's public address (PUBLIC_URL), for the links the shopper routes give. */
  publicUrl?: string | undefined;
}

/**
 * The store integration API under /v1, its OpenAPI document at /openapi.json (generated from the
 * same zod schemas that validate requests) and readable docs at /docs. Everything lives in its
 * own plugin scope, so its hooks and the document cover the /v1 routes only.
 */
export async function registerApi(
  app: FastifyInstance,
  ctx: ServiceContext,
  options: ApiOptions = {},
): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(fastifySwagger, swaggerOptions);
    docsRoutes(scope, () => scope.swagger());
    await scope.register(
      async (v1) => {
        const api = jsonApiScope(v1);
        api.decorateRequest('apiKey', null);
        api.decorateRequest('idempotencyClaim', null);
        api.addHook('onRequest', apiKeyAuth(ctx));
        const perKeyLimit = apiKeyRateLimit(ctx, options.rateLimit);
        if (perKeyLimit) api.addHook('onRequest', perKeyLimit);
        api.addHook('preHandler', codeCheckLimit(ctx, options.codeCheckLimits ?? DEFAULT_CODE_CHECK_LIMITS));
        const idempotency = idempotencyHooks(ctx);
        api.addHook('preHandler', idempotency.claim);
        api.addHook('onSend', idempotency.store);

        apiKeyRoutes(api);
        programRoutes(api, ctx);
        programStoreVersionRoutes(api, ctx);
        storeVersionRoutes(api, ctx);
        campaignRoutes(api, ctx);
        campaignGrantRoutes(api, ctx);
        customerRoutes(api, ctx);
        personalDataRoutes(api, ctx);
        memberRoutes(api, ctx);
        memberHistoryRoutes(api, ctx);
        adjustmentRoutes(api, ctx);
        orderRoutes(api, ctx);
        orderEventRoutes(api, ctx);
        saleRoutes(api, ctx);
        bulkEventRoutes(api, ctx);
        reviewRoutes(api, ctx);
        mailSettingsRoutes(api, ctx);
        checkoutRoutes(api, ctx);
        pointsPreviewRoutes(api, ctx);
        storefrontOriginRoutes(api, ctx);
        exportRoutes(api, ctx);
        liabilityRoutes(api, ctx);
        consentRoutes(api, ctx);
        segmentRoutes(api, ctx);
        webhookEndpointRoutes(api, ctx);
      },
      { prefix: '/v1' },
    );
    await scope.register(operatorApi(ctx, options.rateLimit), { prefix: '/v1/operator' });
    await scope.register(shopperApi(ctx, options.shopperRateLimits, options.publicUrl), {
      prefix: '/v1/shopper',
    });
  });
}
