import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { ImportedOrder } from '../../domain/import/imported-order.ts';
import { insertFirstOrders } from '../orders/first-orders.ts';
import { figureChanges } from '../orders/order-figure-changes.ts';
import { recordset } from '../orders/recordset.ts';
import { type ColumnOf, columnsOf, placedColumnsOf } from '../orders/recordset-columns.ts';
import { foldOrderFigures } from '../reports/order-figures.ts';
import { booleanArray } from './array-literal.ts';

/** Why an imported order earns nothing, in the words the API already has: there was no program then. */
export const IMPORTED_NOT_EARNING_REASON = 'program_not_published';

export interface OrdersWritten {
  orders: number;
  lines: number;
  returns: number;
  reviews: number;
}

const at = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * A batch of imported orders as the recordsets its statement reads (`unnest` of one array literal a
 * column), all but whether each order was placed by a member, which needs the database: made while
 * the batch before it is written, so that the database does not wait for them. The orders carry
 * `idx`, their place in the batch, by which that last column is found.
 */
export interface OrderBatchSets {
  orders: RawBuilder<unknown>;
  lines: RawBuilder<unknown>;
  returns: RawBuilder<unknown>;
  reviews: RawBuilder<unknown>;
}

export function orderBatchSets(orders: ImportedOrder[]): OrderBatchSets {
  const ofOrders = <R>(pick: (order: ImportedOrder) => R[]) =>
    orders.flatMap((order) => pick(order).map((row) => ({ ...row, orderId: order.id })));
  const lines = ofOrders((o) => o.lines);
  const returns = ofOrders((o) => o.returns);
  const reviews = ofOrders((o) => o.reviews);
  return {
    orders: recordset('o', placedColumnsOf(orders, ORDER_COLUMNS)),
    lines: recordset('l', columnsOf(lines, LINE_COLUMNS)),
    returns: recordset('r', columnsOf(returns, RETURN_COLUMNS)),
    reviews: recordset('v', columnsOf(reviews, REVIEW_COLUMNS)),
  };
}

/**
 * Writes imported orders in one statement: the orders with their lines, returns and reviews (the
 * customers' first orders and the dashboard's figures follow once for the whole import, from
 * `recordImportedOrders`). An order whose id the shop has already is left as it is, with its
 * lines, returns and reviews, so importing a file again changes nothing. Imported orders earn nothing and are never billed
 * (`earns` false, no ratio, no points); `placedByMember[i]` says whether order i's customer was a
 * member when it was placed. Every column goes as one array (`unnest`): one statement of a few
 * thousand rows costs the database about what COPY would.
 */
export async function writeOrders(
  db: Executor,
  input: { shopId: string; importId: string; now: Date },
  sets: OrderBatchSets,
  placedByMember: boolean[],
): Promise<OrdersWritten> {
  const { shopId, importId, now } = input;
  const { rows } = await sql<OrdersWritten>`
    with o as (
      select o.*, (${booleanArray(placedByMember)}::bool[])[o.idx + 1] as placed_by_member from ${sets.orders}
    ), placed as (
      insert into orders (shop_id, id, customer_id, store_version_id, channel, logged_in, status, earns,
        not_earning_reason, product_cents, order_discount_cents, code_discount_cents, shipping_cents,
        payment_fee_cents, eligible_cents, kept_eligible_cents, loyalty_code, ratio_cents, points_earned,
        points_deducted, placed_at, placed_by_member, delivered_at, cancelled_at, created_at, import_id)
      select ${shopId}, id, customer_id, store_version_id, channel, logged_in, status, false,
        ${IMPORTED_NOT_EARNING_REASON}, product_cents, order_discount_cents, 0, shipping_cents,
        payment_fee_cents, eligible_cents, kept_eligible_cents, null, null, 0,
        0, placed_at, placed_by_member, delivered_at, cancelled_at, ${now}, ${importId}
      from o
      on conflict (shop_id, id) do nothing
      returning id, customer_id
    ), placed_lines as (
      insert into order_lines (shop_id, order_id, line_no, product_id, category, quantity, unit_price_cents,
        line_discount_cents, gift_card, eligible_cents, returned_quantity)
      select ${shopId}, l.order_id, l.line_no, l.product_id, l.category, l.quantity, l.unit_price_cents,
        l.line_discount_cents, l.gift_card, l.eligible_cents, l.returned_quantity
      from ${sets.lines}
      where l.order_id in (select id from placed)
      returning 1
    ), placed_returns as (
      insert into order_returns (shop_id, id, order_id, lines, points_deducted, created_at)
      select ${shopId}, r.id, r.order_id, r.lines::jsonb, 0, r.created_at
      from ${sets.returns}
      where r.order_id in (select id from placed)
      on conflict (shop_id, id) do nothing
      returning 1
    ), placed_reviews as (
      insert into reviews (shop_id, id, order_id, customer_id, product_id, status, submitted_at, decided_at)
      select ${shopId}, v.id, v.order_id, p.customer_id, v.product_id, v.status, v.at,
        case when v.status = 'submitted' then null else v.at end
      from ${sets.reviews}
      join placed p on p.id = v.order_id
      on conflict (shop_id, id) do nothing
      returning 1
    )
    select (select count(*) from placed)::int as orders, (select count(*) from placed_lines)::int as lines,
      (select count(*) from placed_returns)::int as returns, (select count(*) from placed_reviews)::int as reviews`.execute(
    db,
  );
  return rows[0]!;
}

/**
 * After the last batch: the customers' first orders and the dashboard's figures of every order the
 * import wrote, through those tables' writers, in one statement each: per batch they cost a sixth
 * of the import (a sort and a thousand upserts of the same customers, again and again).
 */
export async function recordImportedOrders(db: Executor, shopId: string, importId: string): Promise<void> {
  const imported = sql`(select shop_id, customer_id, placed_at, placed_by_member, eligible_cents, loyalty_code,
      code_discount_cents
    from orders where shop_id = ${shopId} and import_id = ${importId} and status <> 'cancelled')`;
  await sql`with counted as ${imported} ${insertFirstOrders('counted')}`.execute(db);
  await sql`${figureChanges(sql`${imported} o`, 1)}`.execute(db);
  await foldOrderFigures(db, shopId);
}

type Line = ImportedOrder['lines'][number] & { orderId: string };
type Return = ImportedOrder['returns'][number] & { orderId: string };
type Review = ImportedOrder['reviews'][number] & { orderId: string };

const ORDER_COLUMNS: Record<string, ColumnOf<ImportedOrder>> = {
  id: { type: 'text', of: (o) => o.id },
  customer_id: { type: 'text', of: (o) => o.customerId },
  store_version_id: { type: 'text', of: (o) => o.storeVersionId },
  channel: { type: 'text', of: (o) => o.channel },
  logged_in: { type: 'bool', of: (o) => o.loggedIn },
  status: { type: 'text', of: (o) => o.status },
  product_cents: { type: 'int8', of: (o) => o.productCents },
  order_discount_cents: { type: 'int8', of: (o) => o.orderDiscountCents },
  shipping_cents: { type: 'int8', of: (o) => o.shippingCents },
  payment_fee_cents: { type: 'int8', of: (o) => o.paymentFeeCents },
  eligible_cents: { type: 'int8', of: (o) => o.eligibleCents },
  kept_eligible_cents: { type: 'int8', of: (o) => o.keptEligibleCents },
  placed_at: { type: 'timestamptz', of: (o) => at(o.placedAt) },
  delivered_at: { type: 'timestamptz', of: (o) => at(o.deliveredAt) },
  cancelled_at: { type: 'timestamptz', of: (o) => at(o.cancelledAt) },
};

const LINE_COLUMNS: Record<string, ColumnOf<Line>> = {
  order_id: { type: 'text', of: (l) => l.orderId },
  line_no: { type: 'int', of: (l) => l.lineNo },
  product_id: { type: 'text', of: (l) => l.productId },
  category: { type: 'text', of: (l) => l.category },
  quantity: { type: 'int', of: (l) => l.quantity },
  unit_price_cents: { type: 'int8', of: (l) => l.unitPriceCents },
  line_discount_cents: { type: 'int8', of: (l) => l.lineDiscountCents },
  gift_card: { type: 'bool', of: (l) => l.giftCard },
  eligible_cents: { type: 'int8', of: (l) => l.eligibleCents },
  returned_quantity: { type: 'int', of: (l) => l.returnedQuantity },
};

const RETURN_COLUMNS: Record<string, ColumnOf<Return>> = {
  id: { type: 'text', of: (r) => r.id },
  order_id: { type: 'text', of: (r) => r.orderId },
  lines: { type: 'text', of: (r) => JSON.stringify(r.lines) },
  created_at: { type: 'timestamptz', of: (r) => at(r.at) },
};

const REVIEW_COLUMNS: Record<string, ColumnOf<Review>> = {
  id: { type: 'text', of: (v) => v.id },
  order_id: { type: 'text', of: (v) => v.orderId },
  product_id: { type: 'text', of: (v) => v.productId },
  status: { type: 'text', of: (v) => v.status },
  at: { type: 'timestamptz', of: (v) => at(v.at) },
};
