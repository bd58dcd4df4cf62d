import { DomainError } from '../../domain/errors.ts';
import { loginRequiredMessage, versionSelectable } from '../../domain/program/version-selectable.ts';
import type { AppContext } from '../context.ts';
import type { Program } from '../program/load-program.ts';
import { setVersionVisibility } from '../program/manage-program.ts';
import { shopRowById } from '../shop-rows.ts';

/**
 * Shows or hides the program in one store version, naming the version's problem precisely:
 * an unknown version is not found, and one that requires login can never be selected.
 */
export async function selectStoreVersion(
  ctx: AppContext,
  shopId: string,
  versionId: string,
  visible: boolean,
): Promise<Program> {
  const version = await shopRowById(ctx.db, 'store_versions', shopId, versionId);
  if (!version)
    throw new DomainError('store_version_not_found', `Store version "${versionId}" does not exist`);
  if (visible && !versionSelectable({ requiresLogin: version.requires_login })) {
    throw new DomainError('store_version_requires_login', loginRequiredMessage(versionId));
  }
  return setVersionVisibility(ctx, shopId, versionId, visible);
}
