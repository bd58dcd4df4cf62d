import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import {
  listStorefrontOrigins,
  MAX_STOREFRONT_ORIGINS,
  setStorefrontOrigins,
} from '../../app/shopper/storefront-origins.ts';
import { routeSpec } from './route-spec.ts';
import { text } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

const originsSchema = z
  .object({
    object: z.literal('storefront_origins'),
    origins: z
      .array(text(2000))
      .max(MAX_STOREFRONT_ORIGINS)
      .describe('Web origins (scheme, host and port) whose pages may call /v1/shopper/ from a browser'),
  })
  .meta({ id: 'StorefrontOrigins' });

/** The origins allowed to call the shopper routes from a browser (CORS), read and replaced by the store. */
export function storefrontOriginRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/storefront-origins',
    routeSpec('GET', {
      operationId: 'listStorefrontOrigins',
      tag: 'Storefront',
      summary: 'Origins allowed to call the shopper routes',
      description:
        'The web origins whose pages may call `/v1/shopper/` from a browser; others get no CORS allowance.',
      responses: { 200: originsSchema },
      example: {},
    }),
    async (request) => ({
      object: 'storefront_origins' as const,
      origins: await listStorefrontOrigins(ctx, shopOf(request)),
    }),
  );

  api.put(
    '/storefront-origins',
    routeSpec('PUT', {
      operationId: 'setStorefrontOrigins',
      tag: 'Storefront',
      summary: 'Replace the origins allowed to call the shopper routes',
      description: `The whole list, at most ${MAX_STOREFRONT_ORIGINS}: \`https://shop.example\` (scheme, host and port; no path). Each is stored as a browser sends it in \`Origin\`: lower-case, without a default port. Running servers apply it within 10 seconds.`,
      body: z.object({
        origins: z
          .array(z.string().max(2000))
          .max(MAX_STOREFRONT_ORIGINS)
          .describe('Web origins such as https://shop.example'),
      }),
      responses: { 200: originsSchema },
      example: { body: { origins: ['https://shop.example', 'https://b2b.shop.example'] } },
    }),
    async (request) => ({
      object: 'storefront_origins' as const,
      origins: await setStorefrontOrigins(ctx, { shopId: shopOf(request), origins: request.body.origins }),
    }),
  );
}
