import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { problem } from '../problem.ts';
import { type Limit, RateLimiter } from './rate-limiter.ts';

export interface CodeCheckLimits {
  /** Checks per shop and customer: someone guessing codes in one account. */
  perCustomer: Limit;
  /** Checks per client address: someone guessing codes across many accounts. */
  perAddress: Limit;
}

export const DEFAULT_CODE_CHECK_LIMITS: CodeCheckLimits = {
  perCustomer: { limit: 10, windowMs: 60_000 },
  perAddress: { limit: 30, windowMs: 60_000 },
};

/**
 * Brute-force protection of code checks, on routes marked `codeCheckLimit`. The address is the
 * shopper's as the store reports it (`clientIp` in the body); a store calling from its own
 * server must send it, or all its shoppers share the server's address and its limit.
 */
export function codeCheckLimit(ctx: AppContext, limits: CodeCheckLimits = DEFAULT_CODE_CHECK_LIMITS) {
  const byCustomer = new RateLimiter(limits.perCustomer);
  const byAddress = new RateLimiter(limits.perAddress);
  return function limitCodeChecks(
    request: FastifyRequest,
    reply: FastifyReply,
    done: HookHandlerDoneFunction,
  ) {
    if (!request.routeOptions.config.codeCheckLimit || !request.apiKey) return done();
    const body = request.body as { customerId?: string; clientIp?: string } | undefined;
    const now = ctx.clock.now().getTime();
    const address = body?.clientIp ?? request.ip;
    const checks = [
      {
        verdict: byCustomer.hit(`${request.apiKey.shopId}\u0000${body?.customerId ?? ''}`, now),
        who: 'this customer',
      },
      { verdict: byAddress.hit(address, now), who: 'this client address' },
    ];
    const refused = checks.find((c) => !c.verdict.allowed);
    if (!refused || refused.verdict.allowed) return done();
    const seconds = refused.verdict.retryAfterSeconds;
    reply
      .code(429)
      .header('retry-after', String(seconds))
      .type('application/problem+json')
      .send(
        problem(
          429,
          'rate_limited',
          `Too many code checks for ${refused.who}; try again in ${seconds} s`,
          request.id,
        ),
      );
  };
}
