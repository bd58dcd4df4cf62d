import { sql } from 'kysely';
import type { AppContext } from '../../src/app/context.ts';

export interface BulkRows {
  /** Rows of each kind: customers bulk-00001…, each a member with one join entry, one code and one order. */
  count: number;
  /** When the first member joined and the first order was placed; each next one ten minutes later. */
  start: Date;
  /** Points of each join entry, cents of each code and each order's products: tells shops apart. */
  points: number;
  cents: number;
}

/** The moment of the i-th (1-based) row of a BulkRows. */
export function bulkMoment(rows: Pick<BulkRows, 'start'>, i: number): Date {
  return new Date(rows.start.getTime() + (i - 1) * 10 * 60_000);
}

/**
 * Thousands of rows for the exports, written set-based: far quicker than a use case per row,
 * and the exports only read them. Each customer bulk-NNNNN has joined (number i), has one join
 * entry of `points` at its moment and a balance to match, one active code worth `cents` and one
 * placed order of `cents` at its moment.
 */
export async function insertBulkRows(ctx: AppContext, shopId: string, rows: BulkRows): Promise<void> {
  const { count, start, points, cents } = rows;
  const at = sql`${start}::timestamptz + (i - 1) * interval '10 minutes'`;
  const id = sql`'bulk-' || lpad(i::text, 5, '0')`;
  const series = sql`generate_series(1, ${count}::int) as i`;
  await sql`insert into customers (shop_id, id, email, name, registered_at, created_at, updated_at)
    select ${shopId}, ${id}, ${id} || '@example.com', ${`${shopId} bulk `} || i, ${start}, ${start}, ${start}
    from ${series}`.execute(ctx.db);
  await sql`insert into members (shop_id, customer_id, join_source, joined_at)
    select ${shopId}, ${id}, 'import', ${at} from ${series} order by i`.execute(ctx.db);
  await sql`insert into ledger_entries (shop_id, customer_id, kind, points, ref_type, ref_id, idempotency_key, created_at)
    select ${shopId}, ${id}, 'join', ${points}, 'member', ${id}, 'join:' || ${id}, ${at} from ${series} order by i`.execute(
    ctx.db,
  );
  await sql`insert into member_balances (shop_id, customer_id, balance, updated_at)
    select ${shopId}, ${id}, ${points}, ${at} from ${series}`.execute(ctx.db);
  await sql`insert into discount_codes (shop_id, code, customer_id, period, value_cents, points, issued_at, expires_at)
    select ${shopId}, 'BULK-' || lpad(i::text, 5, '0'), ${id}, '2026-05', ${cents}, 100, ${at},
      ${at} + interval '3650 days'
    from ${series}`.execute(ctx.db);
  await sql`insert into orders (shop_id, id, customer_id, store_version_id, channel, logged_in, status, earns,
      product_cents, eligible_cents, kept_eligible_cents, placed_at, placed_by_member, created_at)
    select ${shopId}, 'order-' || lpad(i::text, 5, '0'), ${id}, 'fi', 'web', true, 'placed', true,
      ${cents}, ${cents}, ${cents}, ${at}, true, ${at}
    from ${series}`.execute(ctx.db);
}
