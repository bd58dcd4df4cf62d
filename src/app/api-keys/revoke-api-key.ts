import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';

/** Revokes a key for good; revoking it again changes nothing. Servers notice within the auth cache time. */
export async function revokeApiKey(
  ctx: AppContext,
  input: { shopId: string; keyId: string },
): Promise<{ outcome: 'applied' | 'duplicate'; revokedAt: Date }> {
  const now = ctx.clock.now();
  // Only a key not yet revoked is updated, so of two revocations at once exactly one applies.
  const revoked = await ctx.db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('shop_id', '=', input.shopId)
    .where('id', '=', input.keyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (revoked.numUpdatedRows > 0n) return { outcome: 'applied', revokedAt: now };
  const earlier = await ctx.db
    .selectFrom('api_keys')
    .select('revoked_at')
    .where('shop_id', '=', input.shopId)
    .where('id', '=', input.keyId)
    .executeTakeFirst();
  if (!earlier?.revoked_at)
    throw new DomainError('api_key_not_found', `Shop "${input.shopId}" has no API key "${input.keyId}"`);
  return { outcome: 'duplicate', revokedAt: earlier.revoked_at };
}
