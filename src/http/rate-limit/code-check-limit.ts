import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { sendRateLimited } from './rate-limited.ts';
import { type Limit, RateLimiter } from './rate-limiter.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * With `codeCheckLimit`: which attempts draw on the budget. `every` (the default: code
     * checks) or `refused` (redemptions: let through while the budget has room, and counted
     * once answered with a refusal; a redemption that succeeds costs nothing).
     */
    codeAttemptCounts?: 'every' | 'refused';
  }
}

export interface CodeCheckLimits {
  /** Attempts per shop and customer: someone guessing codes in one account. */
  perCustomer: Limit;
  /** Attempts per shop and client address: someone guessing codes across many accounts. */
  perAddress: Limit;
}

export const DEFAULT_CODE_CHECK_LIMITS: CodeCheckLimits = {
  perCustomer: { limit: 10, windowMs: 60_000 },
  perAddress: { limit: 30, windowMs: 60_000 },
};

export type Attempt =
  | { allowed: true /** Counts the attempt (once; later calls do nothing). */; count(): void }
  | { allowed: false; who: 'this customer' | 'this client address'; retryAfterSeconds: number };

/**
 * The code-guessing budget: attempts per shop and customer and per shop and client address.
 * Both keys start with the shop, so one shop's traffic never spends another shop's budget (a
 * store's own server address, shared by all its shoppers, is that shop's alone). An attempt is
 * let through only when both budgets have room, and counted in both when its caller says so; one
 * refused here counts nowhere. Memory is bounded by
 * the limiters: idle keys are swept out and beyond `maxKeys` the longest idle is dropped.
 */
export class CodeAttemptBudget {
  private readonly byCustomer: RateLimiter;
  private readonly byAddress: RateLimiter;

  constructor(limits: CodeCheckLimits = DEFAULT_CODE_CHECK_LIMITS, maxKeys?: number) {
    this.byCustomer = new RateLimiter(limits.perCustomer, maxKeys);
    this.byAddress = new RateLimiter(limits.perAddress, maxKeys);
  }

  take(shopId: string, customerId: string, address: string, now: number): Attempt {
    const customerKey = `${shopId}\u0000${customerId}`;
    const addressKey = `${shopId}\u0000${address}`;
    const customer = this.byCustomer.check(customerKey, now);
    if (!customer.allowed) {
      return { allowed: false, who: 'this customer', retryAfterSeconds: customer.retryAfterSeconds };
    }
    const byAddress = this.byAddress.check(addressKey, now);
    if (!byAddress.allowed) {
      return { allowed: false, who: 'this client address', retryAfterSeconds: byAddress.retryAfterSeconds };
    }
    let counted = false;
    return {
      allowed: true,
      count: () => {
        if (counted) return;
        counted = true;
        this.byCustomer.record(customerKey, now);
        this.byAddress.record(addressKey, now);
      },
    };
  }

  /** Keys kept, both limiters together. */
  get size(): number {
    return this.byCustomer.size + this.byAddress.size;
  }
}

/** Attempts let through on routes counting only refusals, until their answer is known. */
const pending = new WeakMap<FastifyRequest, () => void>();

/**
 * Brute-force protection of code checks and redemptions, on routes marked `codeCheckLimit`. The
 * address is the shopper's as the store reports it (`clientIp` in the body); a store calling
 * from its own server must send it, or all its shoppers share the server's address and its limit.
 */
export function codeCheckLimit(ctx: AppContext, limits: CodeCheckLimits = DEFAULT_CODE_CHECK_LIMITS) {
  const budget = new CodeAttemptBudget(limits);
  return function limitCodeChecks(
    request: FastifyRequest,
    reply: FastifyReply,
    done: HookHandlerDoneFunction,
  ) {
    const config = request.routeOptions.config;
    if (!config.codeCheckLimit || !request.apiKey) return done();
    const body = request.body as { customerId?: string; clientIp?: string } | undefined;
    const attempt = budget.take(
      request.apiKey.shopId,
      body?.customerId ?? '',
      body?.clientIp ?? request.ip,
      ctx.clock.now().getTime(),
    );
    if (attempt.allowed) {
      if (config.codeAttemptCounts === 'refused') pending.set(request, attempt.count);
      else attempt.count();
      return done();
    }
    const seconds = attempt.retryAfterSeconds;
    sendRateLimited(
      request,
      reply,
      seconds,
      `Too many code attempts for ${attempt.who}; try again in ${seconds} s`,
    );
  };
}

/**
 * The route-level `onSend` hook of routes counting only refusals: an attempt answered with a
 * refusal (4xx, also a replay of one) is counted; a success is not.
 */
export function keepRefusedAttempts(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: null, payload: unknown) => void,
) {
  const count = pending.get(request);
  if (count) {
    pending.delete(request);
    if (reply.statusCode >= 400 && reply.statusCode < 500) count();
  }
  done(null, payload);
}
