import type { Executor } from '../../db/connect.ts';
import { DomainError } from '../../domain/errors.ts';
import { programVisible, versionSelected } from '../../domain/program/program-visible.ts';
import type { Language, ProgramSettings } from '../../domain/program/settings.ts';
import type { AppContext } from '../context.ts';
import { JOINED_PROGRAM_COLUMNS, joinedProgram } from '../program/load-program.ts';
import { shopNotFound, shopsWithPrograms } from '../shops/shop-with-program.ts';

/** Why a shopper sees no program in a store version; the storefront then shows nothing. */
export type HiddenReason = 'no_program' | 'program_not_published' | 'version_not_selected' | 'login_required';

/** The program as a shopper of one store version sees it. */
export interface ShopperProgram {
  shopId: string;
  storeVersionId: string;
  visible: boolean;
  /** Null when visible. */
  reason: HiddenReason | null;
  /** Null when not visible: nothing of a hidden program is shown to shoppers. */
  shown: {
    name: string;
    language: Language;
    ratioCents: ProgramSettings['purchaseRatioCents'];
    joinPoints: number;
    tiers: ProgramSettings['tiers'];
  } | null;
}

/**
 * The shop, the store version and the program in one statement: an unknown shop or version is
 * 404, a suspended shop 403 as on the store API; otherwise what a shopper of the version sees.
 */
export async function shopperProgram(
  db: Executor,
  shopId: string,
  storeVersionId: string,
): Promise<ShopperProgram> {
  const row = await shopsWithPrograms(db)
    .leftJoin('store_versions as v', (j) => j.onRef('v.shop_id', '=', 's.id').on('v.id', '=', storeVersionId))
    .select(['s.status as shop_status', 'v.id as version_id', 'v.requires_login'])
    .select(JOINED_PROGRAM_COLUMNS)
    .where('s.id', '=', shopId)
    .executeTakeFirst();
  if (!row) throw shopNotFound(shopId);
  if (row.shop_status === 'suspended') {
    throw new DomainError('shop_suspended', `Shop "${shopId}" is suspended by the operator of the service`);
  }
  if (!row.version_id) {
    throw new DomainError(
      'store_version_not_found',
      `Shop "${shopId}" has no store version "${storeVersionId}"`,
    );
  }
  const base = { shopId, storeVersionId };
  const hidden = (reason: HiddenReason): ShopperProgram => ({ ...base, visible: false, reason, shown: null });
  if (row.requires_login) return hidden('login_required');
  const program = joinedProgram(row);
  if (!program) return hidden('no_program');
  if (!programVisible(program, storeVersionId)) {
    return hidden(
      versionSelected(program.settings, storeVersionId) ? 'program_not_published' : 'version_not_selected',
    );
  }
  const s = program.settings;
  return {
    ...base,
    visible: true,
    reason: null,
    shown: {
      name: s.name,
      language: s.language,
      ratioCents: s.purchaseRatioCents,
      joinPoints: s.joinPoints,
      tiers: s.tiers,
    },
  };
}

/** The program of a store version as a shopper sees it (the public route of product pages). */
export function showShopperProgram(ctx: AppContext, input: { shopId: string; storeVersionId: string }) {
  return shopperProgram(ctx.db, input.shopId, input.storeVersionId);
}
