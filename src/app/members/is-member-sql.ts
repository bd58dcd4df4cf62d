import { type RawBuilder, sql } from 'kysely';

/**
 * `isMember` (src/domain/members/is-member.ts) as SQL over a `members` row under `alias`, which
 * may come from a left join (no row: not a member). test/app/membership-visibility-agreement.test.ts
 * proves the two agree.
 */
export function isMemberSql(alias: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${alias}.joined_at`)} is not null and ${sql.ref(`${alias}.left_at`)} is null)`;
}
