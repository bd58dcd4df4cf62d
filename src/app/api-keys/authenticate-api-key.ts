import type { AppContext } from '../context.ts';

/** Who is calling: the shop a key belongs to and what it may do. */
export interface ApiKeyIdentity {
  shopId: string;
  keyId: string;
  /** Recorded as the author of what the key does, e.g. adjustments. */
  name: string;
  readOnly: boolean;
}

export type KeyLookup =
  | { status: 'valid'; identity: ApiKeyIdentity }
  | { status: 'revoked' }
  | { status: 'unknown' };

/**
 * Finds the key with this hash and, in the same statement, notes that it was used. Callers
 * cache the answer briefly, so `last_used_at` is as precise as that cache time.
 */
export async function lookUpApiKey(ctx: AppContext, hash: string): Promise<KeyLookup> {
  const now = ctx.clock.now();
  const row = await ctx.db
    .updateTable('api_keys')
    .set((eb) => ({
      last_used_at: eb.case().when('revoked_at', 'is', null).then(now).else(eb.ref('last_used_at')).end(),
    }))
    .where('hash', '=', hash)
    .returning(['shop_id', 'id', 'name', 'read_only', 'revoked_at'])
    .executeTakeFirst();
  if (!row) return { status: 'unknown' };
  if (row.revoked_at) return { status: 'revoked' };
  return {
    status: 'valid',
    identity: { shopId: row.shop_id, keyId: row.id, name: row.name, readOnly: row.read_only },
  };
}
