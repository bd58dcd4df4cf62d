import { type Expression, type RawBuilder, sql } from 'kysely';

/**
 * `versionSelected` (src/domain/program/program-visible.ts) as SQL over a `programs` row under
 * `alias` (which may come from a left join: no program selects nothing). `storeVersionId` must be
 * text. test/app/membership-visibility-agreement.test.ts proves SQL and rule agree.
 */
export function versionSelectedSql(alias: string, storeVersionId: Expression<string>): RawBuilder<boolean> {
  return sql<boolean>`coalesce((${sql.ref(`${alias}.settings`)} -> 'storeVersionIds') @> jsonb_build_array(${storeVersionId}), false)`;
}

/** `programVisible` as SQL: the program under `alias` is published and selects the version. */
export function programVisibleSql(alias: string, storeVersionId: Expression<string>): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${alias}.status`)} = 'published' and ${versionSelectedSql(alias, storeVersionId)})`;
}
