import type { AppContext } from '../context.ts';
import type { ApiKeySummary } from './create-api-key.ts';
import { lifeOf, shopCredentialRows } from './credential-rows.ts';

/** The shop's keys, newest first, without anything secret. */
export async function listApiKeys(ctx: AppContext, shopId: string): Promise<ApiKeySummary[]> {
  const rows = await shopCredentialRows(ctx, 'api_keys', shopId);
  return rows.map((r) => ({
    id: r.id,
    shopId: r.shop_id,
    name: r.name,
    prefix: r.prefix,
    readOnly: r.read_only,
    ...lifeOf(r),
  }));
}
