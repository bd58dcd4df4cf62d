import type { AppContext } from '../context.ts';
import type { ApiRateLimit } from '../shops/api-rate-limit.ts';
import { type CredentialRefusal, credentialUse, lookupAnswer } from './credential-rows.ts';

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

export type KeyLookup = { status: 'valid'; identity: ApiKeyIdentity } | CredentialRefusal;

/**
 * Finds the key with this hash, its shop's request budget and whether the operator suspended the
 * shop, and in the same statement notes that it was used. Callers cache the answer briefly, so
 * `last_used_at` is as precise as that cache time, and a changed budget or a suspension applies
 * within it.
 */
export async function lookUpApiKey(ctx: AppContext, hash: string): Promise<KeyLookup> {
  const now = ctx.clock.now();
  const row = await credentialUse(ctx, 'api_keys', now)
    .where('api_keys.hash', '=', hash)
    .returning([
      'api_keys.id',
      'api_keys.name',
      'api_keys.read_only',
      'shops.api_rate_per_second',
      'shops.api_rate_burst',
    ])
    .executeTakeFirst();
  return lookupAnswer(row, (r) => {
    const ownBudget = r.api_rate_per_second !== null && r.api_rate_burst !== null;
    return {
      status: 'valid' as const,
      identity: {
        shopId: r.shop_id,
        keyId: r.id,
        name: r.name,
        readOnly: r.read_only,
        apiRateLimit: ownBudget ? { perSecond: r.api_rate_per_second!, burst: r.api_rate_burst! } : null,
      },
    };
  });
}
