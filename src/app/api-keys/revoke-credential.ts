import type { AppContext } from '../context.ts';

export interface Revocation {
  outcome: 'applied' | 'duplicate';
  revokedAt: Date;
}

/**
 * Revokes a shop's API key or storefront secret for good; revoking it again changes nothing and
 * answers when it was revoked. Only a row not yet revoked is updated, so of two revocations at
 * once exactly one applies. Undefined when the shop has no such credential.
 */
export async function revokeShopCredential(
  ctx: AppContext,
  table: 'api_keys' | 'storefront_secrets',
  shopId: string,
  id: string,
): Promise<Revocation | undefined> {
  const now = ctx.clock.now();
  const revoked = await ctx.db
    .updateTable(table)
    .set({ revoked_at: now })
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (revoked.numUpdatedRows > 0n) return { outcome: 'applied', revokedAt: now };
  const earlier = await ctx.db
    .selectFrom(table)
    .select('revoked_at')
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .executeTakeFirst();
  return earlier?.revoked_at ? { outcome: 'duplicate', revokedAt: earlier.revoked_at } : undefined;
}
