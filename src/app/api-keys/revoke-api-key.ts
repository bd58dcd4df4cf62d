import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';

/** Revokes a key for good; revoking it again changes nothing. Servers notice within the auth cache time. */
export async function revokeApiKey(
  ctx: AppContext,
  input: { shopId: string; keyId: string },
): Promise<{ outcome: 'applied' | 'duplicate'; revokedAt: Date }> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const key = await trx
      .selectFrom('api_keys')
      .select('revoked_at')
      .where('shop_id', '=', input.shopId)
      .where('id', '=', input.keyId)
      .forUpdate()
      .executeTakeFirst();
    if (!key)
      throw new DomainError('api_key_not_found', `Shop "${input.shopId}" has no API key "${input.keyId}"`);
    if (key.revoked_at) return { outcome: 'duplicate', revokedAt: key.revoked_at };
    await trx
      .updateTable('api_keys')
      .set({ revoked_at: now })
      .where('shop_id', '=', input.shopId)
      .where('id', '=', input.keyId)
      .execute();
    return { outcome: 'applied', revokedAt: now };
  });
}
