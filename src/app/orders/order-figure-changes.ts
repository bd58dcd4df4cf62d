import { type RawBuilder, sql } from 'kysely';

/**
 * The order write path's part of the dashboard's order figures (src/app/reports/order-figures.ts
 * folds and reads them): a UTC quarter hour of placement per order.
 */
export const QUARTER = sql`date_bin('15 minutes', o.placed_at, timestamptz '2000-01-01 00:00:00+00')`;

/**
 * An insert of the figure changes of the orders in `from` (a relation aliased `o` with the orders'
 * columns): +1 when they are placed, -1 when they are cancelled. One row per quarter, membership
 * and known customer, summed over the statement's orders (readers only ever sum the changes), so
 * a bulk request of 500 orders placed at once appends a row or two, not 500.
 */
export function figureChanges(from: RawBuilder<unknown>, sign: 1 | -1): RawBuilder<unknown> {
  const s = sql.lit(sign);
  return sql`
    insert into order_figure_changes (shop_id, quarter, member, known, orders, cents, codes, code_cents)
    select o.shop_id, ${QUARTER}, o.placed_by_member, o.customer_id is not null, ${s} * count(*),
           ${s} * sum(o.eligible_cents), ${s} * count(o.loyalty_code),
           ${s} * sum(case when o.loyalty_code is not null then o.code_discount_cents else 0 end)
    from ${from}
    group by 1, 2, 3, 4`;
}
