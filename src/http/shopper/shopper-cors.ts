import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { listStorefrontOrigins } from '../../app/shopper/storefront-origins.ts';
import { LookupCache } from '../auth/lookup-cache.ts';

/** How long a shop's list of origins is reused: a change applies within this time. */
export const ORIGINS_CACHE_MS = 10_000;

/** Response headers a storefront script may read: the budget and when to retry. */
const EXPOSED = 'retry-after, ratelimit, ratelimit-policy';

/**
 * CORS for the shopper routes, per shop: a request whose `Origin` the shop has listed gets
 * `Access-Control-Allow-Origin` with that origin (never `*`), and a preflight the methods and
 * headers the routes take; any other origin gets no CORS header at all, so the browser keeps the
 * answer from the page. Requests without `Origin` (servers, curl) are not a browser's and pass.
 * A small hook rather than @fastify/cors because the allowed origins are data of each shop.
 */
export function shopperCors(ctx: AppContext) {
  const origins = new LookupCache(
    ctx,
    async (shopId) => new Set(await listStorefrontOrigins(ctx, shopId)),
    ORIGINS_CACHE_MS,
  );
  return async function allowListedOrigins(request: FastifyRequest, reply: FastifyReply) {
    const origin = request.headers.origin;
    const shopId = (request.params as { shopId?: string } | undefined)?.shopId;
    if (!origin || !shopId) return;
    reply.header('vary', 'Origin');
    if (!(await origins.lookUp(shopId)).has(origin)) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-expose-headers', EXPOSED);
    if (request.method === 'OPTIONS') {
      reply.header('access-control-allow-methods', 'GET, POST');
      reply.header('access-control-allow-headers', 'authorization, content-type');
      reply.header('access-control-max-age', '600');
    }
  };
}
