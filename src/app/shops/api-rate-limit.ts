import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { shopNotFound } from './shop-with-program.ts';

/** A shop's own budget for the store API, per key; see docs/api.md, "Rate limits". */
export interface ApiRateLimit {
  perSecond: number;
  burst: number;
}

export const API_RATE_BOUNDS = { perSecond: 1_000_000, burst: 10_000_000 } as const;

/** The shop's own budget, null when it uses the service's default, undefined when there is no such shop. */
export async function readShopApiRateLimit(
  ctx: AppContext,
  shopId: string,
): Promise<ApiRateLimit | null | undefined> {
  const row = await ctx.db
    .selectFrom('shops')
    .select(['api_rate_per_second', 'api_rate_burst'])
    .where('id', '=', shopId)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.api_rate_per_second === null || row.api_rate_burst === null) return null;
  return { perSecond: row.api_rate_per_second, burst: row.api_rate_burst };
}

/**
 * Sets the shop's own budget, or with null goes back to the default. Running servers apply it
 * within the time they cache it (docs/api.md).
 */
export async function setShopApiRateLimit(
  ctx: AppContext,
  shopId: string,
  limit: ApiRateLimit | null,
): Promise<void> {
  if (limit) {
    const fields = [];
    if (
      !Number.isSafeInteger(limit.perSecond) ||
      limit.perSecond < 1 ||
      limit.perSecond > API_RATE_BOUNDS.perSecond
    ) {
      fields.push({ field: 'perSecond', message: `a whole number from 1 to ${API_RATE_BOUNDS.perSecond}` });
    }
    if (!Number.isSafeInteger(limit.burst) || limit.burst < 1 || limit.burst > API_RATE_BOUNDS.burst) {
      fields.push({ field: 'burst', message: `a whole number from 1 to ${API_RATE_BOUNDS.burst}` });
    }
    if (fields.length) throw new DomainError('invalid_input', 'The rate limit is not valid', fields);
  }
  const updated = await ctx.db
    .updateTable('shops')
    .set({ api_rate_per_second: limit?.perSecond ?? null, api_rate_burst: limit?.burst ?? null })
    .where('id', '=', shopId)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw shopNotFound(shopId);
}
