import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendRateLimited } from './rate-limited.ts';
import { policyField, type RateRule, rateLimitField, retryAfterSeconds } from './ratelimit-headers.ts';
import type { TokenBuckets } from './token-bucket.ts';

/** A rule with its `RateLimit-Policy` field, built once per rule rather than per response. */
export interface PolicedRule extends RateRule {
  policy: string;
}

export function policedRule(rule: RateRule): PolicedRule {
  return { perSecond: rule.perSecond, burst: rule.burst, policy: policyField(rule) };
}

/**
 * Takes one token from `bucket`'s budget and writes `RateLimit-Policy` and `RateLimit` on the
 * answer, whatever it turns out to be; when the budget is empty, answers 429 with Retry-After
 * and the detail `refusal` gives for the seconds to wait. The step of every per-caller budget
 * (API keys, operator keys, shoppers).
 */
export function spendToken(
  request: FastifyRequest,
  reply: FastifyReply,
  done: () => void,
  spending: { buckets: TokenBuckets; bucket: string; rule: PolicedRule; now: number },
  refusal: (seconds: number) => string,
): void {
  const { rule } = spending;
  const taken = spending.buckets.take(spending.bucket, rule, spending.now);
  reply.header('ratelimit-policy', rule.policy);
  reply.header('ratelimit', rateLimitField(rule, taken.tokens));
  if (taken.allowed) {
    done();
    return;
  }
  const seconds = retryAfterSeconds(rule, taken.tokens);
  sendRateLimited(request, reply, seconds, refusal(seconds));
}
