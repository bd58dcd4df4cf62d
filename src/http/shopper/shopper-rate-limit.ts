import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import type { RateRule } from '../rate-limit/ratelimit-headers.ts';
import { policedRule, spendToken } from '../rate-limit/spend-token.ts';
import { TokenBuckets } from '../rate-limit/token-bucket.ts';

export interface ShopperRateLimits {
  /** Each shopper's budget on the token routes (by shop and token subject); `false`: none. */
  perShopper: RateRule | false;
  /** Each client address's budget on the public routes; `false`: none. */
  perAddress: RateRule | false;
}

/**
 * A page loads a few of these at once (summary, ledger, codes); a person does not click faster.
 * The public routes serve every visitor behind one address (an office, a mobile carrier's NAT),
 * so theirs is larger.
 */
export const DEFAULT_SHOPPER_RATE_LIMITS: ShopperRateLimits = {
  perShopper: { perSecond: 5, burst: 30 },
  perAddress: { perSecond: 50, burst: 200 },
};

/**
 * The shopper routes' budgets, token buckets in this process's memory as the API keys' are (time
 * from the app's clock): per shopper (shop and customer of the verified token) on the token
 * routes, per client address on the public ones. Runs after the token is verified, so a forged
 * token never spends a real shopper's budget. 429 with Retry-After when empty.
 */
export function shopperRateLimit(ctx: AppContext, limits: ShopperRateLimits) {
  const buckets = new TokenBuckets();
  // The two policies' rules with their RateLimit-Policy fields, made once rather than per answer.
  const perShopper = limits.perShopper && policedRule(limits.perShopper);
  const perAddress = limits.perAddress && policedRule(limits.perAddress);
  return function limitShoppers(request: FastifyRequest, reply: FastifyReply, done: () => void) {
    if (request.method === 'OPTIONS') return done();
    const shopper = request.shopper;
    const rule = shopper ? perShopper : perAddress;
    if (!rule) return done();
    const bucket = shopper ? `s\u0000${shopper.shopId}\u0000${shopper.customerId}` : `a\u0000${request.ip}`;
    spendToken(request, reply, done, { buckets, bucket, rule, now: ctx.clock.now().getTime() }, (seconds) =>
      shopper
        ? `Too many requests for this shopper; try again in ${seconds} s`
        : `Too many requests from this address; try again in ${seconds} s`,
    );
  };
}
