import { type RawBuilder, sql } from 'kysely';
import type { LedgerKind, LedgerRefType } from '../../db/schema.ts';

export interface EntryFromRow {
  shopId: string;
  kind: LedgerKind;
  points: number;
  refType: LedgerRefType;
  refId: string;
  idempotencyKey: string;
  author?: string | null;
  reason?: string | null;
  at: Date;
}

/**
 * The two common-table expressions that append a ledger entry for the customer of each row of
 * `source` (a CTE returning `customer_id`) and move that member's running balance by the same
 * points, so a whole event can be written in one statement. Named `entry` and `moved`.
 */
export function ledgerEntryCtes(source: string, entry: EntryFromRow): RawBuilder<unknown> {
  return sql`
    entry as (
      insert into ledger_entries
        (shop_id, customer_id, kind, points, ref_type, ref_id, idempotency_key, author, reason, created_at)
      select ${entry.shopId}, customer_id, ${entry.kind}, ${entry.points}, ${entry.refType}, ${entry.refId},
             ${entry.idempotencyKey}, ${entry.author ?? null}, ${entry.reason ?? null}, ${entry.at}
      from ${sql.table(source)} where customer_id is not null and ${entry.points}::bigint <> 0
      on conflict (shop_id, idempotency_key) do nothing
      returning id, customer_id, points, created_at
    ), moved as (
      insert into member_balances (shop_id, customer_id, balance, updated_at)
      select ${entry.shopId}, customer_id, points, created_at from entry
      on conflict (shop_id, customer_id)
        do update set balance = member_balances.balance + excluded.balance, updated_at = excluded.updated_at
      returning balance
    )`;
}
