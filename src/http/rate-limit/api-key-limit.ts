import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { ApiKeyIdentity } from '../../app/api-keys/authenticate-api-key.ts';
import type { AppContext } from '../../app/context.ts';
import type { RateRule } from './ratelimit-headers.ts';
import { type PolicedRule, policedRule, spendToken } from './spend-token.ts';
import { TokenBuckets } from './token-bucket.ts';

/** The documented default per API key: 100 requests a second, 200 at once. */
export const DEFAULT_API_RATE_LIMIT: RateRule = { perSecond: 100, burst: 200 };

export interface ApiRateLimitOptions {
  /** The budget of each key unless its shop has its own; `false`: no limit and no RateLimit fields. */
  perKey?: RateRule | false;
  /** Buckets kept at most (keys); see TokenBuckets. */
  maxKeys?: number;
}

/**
 * The per-key budget of the store API, an `onRequest` hook that runs after `apiKeyAuth`: every
 * authenticated request takes one token from its key's bucket, and its answer, whatever it is
 * (2xx, 4xx, a replay, this hook's own 429), carries `RateLimit-Policy` and `RateLimit`.
 * Requests refused by authentication have no key and are not counted against one. A shop's own
 * budget comes with the key (`lookUpApiKey`), so it is cached, and a change applies, as the key is.
 *
 * Time comes from the app's clock, as for the code-check limit: one source of time, and tests
 * move it by hand. Counting is per process (see docs/api.md).
 */
export function apiKeyRateLimit(ctx: AppContext, options: ApiRateLimitOptions = {}) {
  const perKey = options.perKey ?? DEFAULT_API_RATE_LIMIT;
  if (perKey === false) return undefined;
  const buckets = new TokenBuckets(options.maxKeys);
  const fallback = policedRule(perKey);
  // One rule (with its policy field) per cached key identity, not one per request.
  const ownRules = new WeakMap<ApiKeyIdentity, PolicedRule>();
  const ruleOf = (key: ApiKeyIdentity): PolicedRule => {
    if (!key.apiRateLimit) return fallback;
    let rule = ownRules.get(key);
    if (!rule) {
      rule = policedRule(key.apiRateLimit);
      ownRules.set(key, rule);
    }
    return rule;
  };
  return function limitApiKeys(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
    const key = request.apiKey;
    if (!key) return done();
    const rule = ruleOf(key);
    spendToken(
      request,
      reply,
      done,
      { buckets, bucket: key.keyId, rule, now: ctx.clock.now().getTime() },
      (seconds) =>
        `This API key is over its budget of ${requests(rule.perSecond)} a second (${rule.burst} at once); try again in ${seconds} s`,
    );
  };
}

const requests = (n: number) => (n === 1 ? '1 request' : `${n} requests`);
