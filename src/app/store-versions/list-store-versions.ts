import type { AppContext } from '../context.ts';
import { findProgram, requireShop } from '../program/load-program.ts';

export interface StoreVersionView {
  id: string;
  name: string;
  requiresLogin: boolean;
  /** The program is shown in this version. */
  selected: boolean;
  createdAt: Date;
}

export async function listStoreVersions(ctx: AppContext, shopId: string): Promise<StoreVersionView[]> {
  await requireShop(ctx.db, shopId);
  const [rows, program] = await Promise.all([
    ctx.db
      .selectFrom('store_versions')
      .select(['id', 'name', 'requires_login', 'created_at'])
      .where('shop_id', '=', shopId)
      .orderBy('id')
      .execute(),
    findProgram(ctx.db, shopId),
  ]);
  const selected = new Set(program?.settings.storeVersionIds ?? []);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    requiresLogin: r.requires_login,
    selected: selected.has(r.id),
    createdAt: r.created_at,
  }));
}
