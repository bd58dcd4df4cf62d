import { DomainError } from '../../domain/errors.ts';
import { versionSelected } from '../../domain/program/program-visible.ts';
import type { AppContext } from '../context.ts';
import { findProgram, type Program, requireShop } from '../program/load-program.ts';

export interface StoreVersionView {
  id: string;
  name: string;
  requiresLogin: boolean;
  /** The program is shown in this version. */
  selected: boolean;
  createdAt: Date;
}

/**
 * The shop's store versions, each marked when the program is shown there. A caller that has just
 * read the shop's program passes it (`null`: the shop has none), which also says the shop exists:
 * one query then instead of three.
 */
export async function listStoreVersions(
  ctx: AppContext,
  shopId: string,
  known?: { program: Program | null },
): Promise<StoreVersionView[]> {
  if (!known) await requireShop(ctx.db, shopId);
  const [rows, program] = await Promise.all([
    ctx.db
      .selectFrom('store_versions')
      .select(['id', 'name', 'requires_login', 'created_at'])
      .where('shop_id', '=', shopId)
      .orderBy('id')
      .execute(),
    known ? known.program : findProgram(ctx.db, shopId),
  ]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    requiresLogin: r.requires_login,
    selected: versionSelected(program?.settings ?? null, r.id),
    createdAt: r.created_at,
  }));
}

/** The version of this id among a shop's versions; `store_version_not_found` when there is none. */
export function storeVersionIn(versions: StoreVersionView[], versionId: string): StoreVersionView {
  const version = versions.find((v) => v.id === versionId);
  if (!version)
    throw new DomainError('store_version_not_found', `Store version "${versionId}" does not exist`);
  return version;
}
