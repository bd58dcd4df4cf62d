import type { AppContext } from '../context.ts';
import { requireShop } from '../program/load-program.ts';
import type { ApiKeySummary } from './create-api-key.ts';

/** The shop's keys, newest first, without anything secret. */
export async function listApiKeys(ctx: AppContext, shopId: string): Promise<ApiKeySummary[]> {
  await requireShop(ctx.db, shopId);
  const rows = await ctx.db
    .selectFrom('api_keys')
    .select(['id', 'shop_id', 'name', 'prefix', 'read_only', 'created_at', 'revoked_at', 'last_used_at'])
    .where('shop_id', '=', shopId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    shopId: r.shop_id,
    name: r.name,
    prefix: r.prefix,
    readOnly: r.read_only,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  }));
}
