import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { sendRateLimited } from './rate-limited.ts';
import { type RateRule, rateLimitField, retryAfterSeconds } from './ratelimit-headers.ts';
import { type KeyRule, keyRule, ShopRules } from './shop-rules.ts';
import { TokenBuckets } from './token-bucket.ts';

/** The documented default per API key: 100 requests a second, 200 at once. */
export const DEFAULT_API_RATE_LIMIT: RateRule = { perSecond: 100, burst: 200 };

export interface ApiRateLimitOptions {
  /** The budget of each key unless its shop has its own; `false`: no limit and no RateLimit fields. */
  perKey?: RateRule | false;
  /** Buckets kept at most (keys); see TokenBuckets. */
  maxKeys?: number;
  /** How long a shop's own budget is reused before it is read again, in ms. */
  shopRuleCacheMs?: number;
}

/**
 * The per-key budget of the store API, an `onRequest` hook that runs after `apiKeyAuth`: every
 * authenticated request takes one token from its key's bucket, and its answer, whatever it is
 * (2xx, 4xx, a replay, this hook's own 429), carries `RateLimit-Policy` and `RateLimit`.
 * Requests refused by authentication have no key and are not counted against one.
 *
 * Time comes from the app's clock, as for the code-check limit: one source of time, and tests
 * move it by hand. Counting is per process (see docs/api.md).
 */
export function apiKeyRateLimit(ctx: AppContext, options: ApiRateLimitOptions = {}) {
  const perKey = options.perKey ?? DEFAULT_API_RATE_LIMIT;
  if (perKey === false) return undefined;
  const buckets = new TokenBuckets(options.maxKeys);
  const shops = new ShopRules(ctx, keyRule(perKey), options.shopRuleCacheMs);
  return function limitApiKeys(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
    const key = request.apiKey;
    if (!key) return done();
    const now = ctx.clock.now().getTime();
    const rule = shops.peek(key.shopId, now);
    if (rule) return spend(request, reply, done, rule, buckets, key.keyId, now);
    shops
      .load(key.shopId, now)
      .then(
        (loaded) => spend(request, reply, done, loaded, buckets, key.keyId, ctx.clock.now().getTime()),
        done,
      );
  };
}

function spend(
  request: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
  rule: KeyRule,
  buckets: TokenBuckets,
  keyId: string,
  now: number,
) {
  const taken = buckets.take(keyId, rule, now);
  reply.header('ratelimit-policy', rule.policy);
  reply.header('ratelimit', rateLimitField(rule, taken.tokens));
  if (taken.allowed) return done();
  const seconds = retryAfterSeconds(rule, taken.tokens);
  sendRateLimited(
    request,
    reply,
    seconds,
    `This API key is over its budget of ${requests(rule.perSecond)} a second (${rule.burst} at once); try again in ${seconds} s`,
  );
}

const requests = (n: number) => (n === 1 ? '1 request' : `${n} requests`);
