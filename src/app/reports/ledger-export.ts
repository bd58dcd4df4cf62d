import { sql } from 'kysely';
import type { LedgerKind, LedgerRefType } from '../../db/schema.ts';
import type { AppContext } from '../context.ts';
import { type LedgerLine, ledgerLine } from '../members/member-view.ts';
import { type ExportOptions, type ExportPeriod, keysetBatches } from './export-batches.ts';

export interface LedgerExportRow extends LedgerLine {
  customerId: string;
  customerName: string | null;
  /** The member's balance once this entry was posted: the sum of their entries up to it. */
  balanceAfter: number;
}

interface RawEntry {
  id: number;
  customer_id: string;
  name: string | null;
  kind: LedgerKind;
  points: number;
  ref_type: LedgerRefType;
  ref_id: string;
  author: string | null;
  reason: string | null;
  created_at: Date;
  balance_after: number;
}

/**
 * The shop's ledger entries made in a period, in the order they were posted (entry id), in
 * batches. Paged by id along the ledger's primary key: the ledger has no index by time, and
 * ordering by time would sort the shop's whole ledger for every batch. An entry's time is its
 * event's (a delivery reported late keeps its delivery time), so times are nearly, not strictly,
 * in order. The balance after each entry sums that member's entries up to it (an index range of
 * their own ledger), in the same statement, so it agrees with the entries even while others post.
 */
export function ledgerExportBatches(
  ctx: AppContext,
  shopId: string,
  period: ExportPeriod,
  options: ExportOptions = {},
): AsyncGenerator<LedgerExportRow[]> {
  return keysetBatches(
    async (after: number | null, limit) => {
      const result = await sql<RawEntry>`
        select e.id, e.customer_id, c.name, e.kind, e.points, e.ref_type, e.ref_id, e.author, e.reason,
          e.created_at,
          (select sum(l.points) from ledger_entries l
            where l.shop_id = e.shop_id and l.customer_id = e.customer_id and l.id <= e.id)::bigint
            as balance_after
        from ledger_entries e
        join customers c on c.shop_id = e.shop_id and c.id = e.customer_id
        where e.shop_id = ${shopId} and e.created_at >= ${period.start} and e.created_at < ${period.end}
          and e.id > ${after ?? 0}
        order by e.id
        limit ${limit}`.execute(ctx.db);
      return result.rows.map((r) => ({
        ...ledgerLine(r),
        customerId: r.customer_id,
        customerName: r.name,
        balanceAfter: r.balance_after,
      }));
    },
    (row) => row.id,
    options,
  );
}
