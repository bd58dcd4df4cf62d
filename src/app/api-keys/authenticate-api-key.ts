import type { AppContext } from '../context.ts';
import type { ApiRateLimit } from '../shops/api-rate-limit.ts';

/** Who is calling: the shop a key belongs to and what it may do. */
export interface ApiKeyIdentity {
  shopId: string;
  keyId: string;
  /** Recorded as the author of what the key does, e.g. adjustments. */
  name: string;
  readOnly: boolean;
  /** The shop's own request budget per key, or null for the service's default. */
  apiRateLimit: ApiRateLimit | null;
}

export type KeyLookup =
  | { status: 'valid'; identity: ApiKeyIdentity }
  | { status: 'revoked' }
  | { status: 'suspended'; shopId: string }
  | { status: 'unknown' };

/**
 * Finds the key with this hash, its shop's request budget and whether the operator suspended the
 * shop, and in the same statement notes that it was used. Callers cache the answer briefly, so
 * `last_used_at` is as precise as that cache time, and a changed budget or a suspension applies
 * within it.
 */
export async function lookUpApiKey(ctx: AppContext, hash: string): Promise<KeyLookup> {
  const now = ctx.clock.now();
  const row = await ctx.db
    .updateTable('api_keys')
    .from('shops')
    .set((eb) => ({
      last_used_at: eb
        .case()
        .when('api_keys.revoked_at', 'is', null)
        .then(now)
        .else(eb.ref('api_keys.last_used_at'))
        .end(),
    }))
    .whereRef('shops.id', '=', 'api_keys.shop_id')
    .where('api_keys.hash', '=', hash)
    .returning([
      'api_keys.shop_id',
      'api_keys.id',
      'api_keys.name',
      'api_keys.read_only',
      'api_keys.revoked_at',
      'shops.api_rate_per_second',
      'shops.api_rate_burst',
      'shops.status as shop_status',
    ])
    .executeTakeFirst();
  if (!row) return { status: 'unknown' };
  if (row.revoked_at) return { status: 'revoked' };
  if (row.shop_status === 'suspended') return { status: 'suspended', shopId: row.shop_id };
  const ownBudget = row.api_rate_per_second !== null && row.api_rate_burst !== null;
  return {
    status: 'valid',
    identity: {
      shopId: row.shop_id,
      keyId: row.id,
      name: row.name,
      readOnly: row.read_only,
      apiRateLimit: ownBudget ? { perSecond: row.api_rate_per_second!, burst: row.api_rate_burst! } : null,
    },
  };
}
