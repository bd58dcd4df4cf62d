import { sql } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { requireShop } from '../program/load-program.ts';
import { versionSelectedSql } from '../program/program-visible-sql.ts';
import type { StoreVersionView } from './list-store-versions.ts';

/**
 * Creates a store version or renames it and changes its login requirement. A version where the
 * program is shown cannot start requiring login: the program must be hidden there first.
 */
export function putStoreVersion(
  ctx: AppContext,
  shopId: string,
  input: { id: string; name: string; requiresLogin: boolean },
): Promise<{ created: boolean; version: StoreVersionView }> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await requireShop(trx, shopId);
    // Lock the program so that selecting this version cannot slip in between the check and the write.
    const program = await trx
      .selectFrom('programs')
      .select(versionSelectedSql('programs', sql<string>`${input.id}::text`).as('selected'))
      .where('shop_id', '=', shopId)
      .forUpdate()
      .executeTakeFirst();
    const selected = program?.selected ?? false;
    if (selected && input.requiresLogin) {
      throw new DomainError(
        'store_version_requires_login',
        `The program is shown in store version "${input.id}"; hide it there before making the version require login`,
        [{ field: 'requiresLogin', message: 'Hide the program in this version first' }],
      );
    }
    const row = await trx
      .insertInto('store_versions')
      .values({
        shop_id: shopId,
        id: input.id,
        name: input.name,
        requires_login: input.requiresLogin,
        created_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['shop_id', 'id']).doUpdateSet({ name: input.name, requires_login: input.requiresLogin }),
      )
      .returning(['id', 'name', 'requires_login', 'created_at', sql<boolean>`xmax = 0`.as('inserted')])
      .executeTakeFirstOrThrow();
    return {
      // A row version without a deleting transaction was inserted by this statement, not updated.
      created: row.inserted,
      version: {
        id: row.id,
        name: row.name,
        requiresLogin: row.requires_login,
        selected,
        createdAt: row.created_at,
      },
    };
  });
}
