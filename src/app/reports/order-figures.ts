import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import { reportSum } from './report-sum.ts';

/**
 * The dashboard's order figures, kept as they happen instead of read from every order: per UTC
 * quarter hour of placement, whether the customer was a member then and whether they are known,
 * the orders, their value and their code discounts (cancelled orders taken out). Every time zone's
 * midnight falls on a quarter hour, so local days are whole quarters.
 *
 * Statements that place or cancel orders append a change row (`figureChanges`, in
 * src/app/orders/order-figure-changes.ts); nothing is updated
 * in place, so concurrent orders never wait on a shared row. `foldOrderFigures` moves a shop's
 * changes into `order_figures` in one statement; readers read both tables, so a fold in progress,
 * or not yet run, never hides an order.
 */

/** Moves the shop's changes (or every shop's) into the totals; concurrent folds never count one twice. */
export async function foldOrderFigures(db: Executor, shopId?: string): Promise<void> {
  const which = shopId === undefined ? sql`true` : sql`shop_id = ${shopId}`;
  await sql`
    with moved as (
      delete from order_figure_changes where ${which}
      returning shop_id, quarter, member, known, orders, cents, codes, code_cents
    )
    insert into order_figures as f (shop_id, quarter, member, known, orders, cents, codes, code_cents)
    select shop_id, quarter, member, known, sum(orders), sum(cents), sum(codes), sum(code_cents)
    from moved group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (shop_id, quarter, member, known) do update set
      orders = f.orders + excluded.orders, cents = f.cents + excluded.cents,
      codes = f.codes + excluded.codes, code_cents = f.code_cents + excluded.code_cents`.execute(db);
}

export interface DayFigures {
  day: number;
  member: boolean;
  known: boolean;
  n: number;
  cents: number;
  codes: number;
  code_cents: number;
}

/** The figures of [start, end) by local day (`day` maps a quarter column to its day index). */
export async function orderFiguresByDay(
  db: Executor,
  shopId: string,
  range: { start: Date; end: Date },
  day: (column: string) => RawBuilder<number>,
): Promise<DayFigures[]> {
  const { rows } = await sql<DayFigures>`
    select ${day('q.quarter')} as day, q.member, q.known,
           sum(q.orders)::int as n, ${reportSum(sql`q.cents`)} as cents,
           sum(q.codes)::int as codes, ${reportSum(sql`q.code_cents`)} as code_cents
    from (
      select quarter, member, known, orders, cents, codes, code_cents from order_figures
      where shop_id = ${shopId} and quarter >= ${range.start} and quarter < ${range.end}
      union all
      select quarter, member, known, orders, cents, codes, code_cents from order_figure_changes
      where shop_id = ${shopId} and quarter >= ${range.start} and quarter < ${range.end}
    ) q
    group by 1, 2, 3
    having sum(q.orders) <> 0 or sum(q.cents) <> 0`.execute(db);
  return rows;
}
