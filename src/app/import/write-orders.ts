import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { ImportedOrder } from '../../domain/import/imported-order.ts';
import { insertFirstOrders } from '../orders/first-orders.ts';
import { figureChanges } from '../orders/order-figure-changes.ts';
import { foldOrderFigures } from '../reports/order-figures.ts';
import { booleanArray, numberArray, textArray } from './array-literal.ts';

/** Why an imported order earns nothing, in the words the API already has: there was no program then. */
export const IMPORTED_NOT_EARNING_REASON = 'program_not_published';

export interface OrdersWritten {
  orders: number;
  lines: number;
  returns: number;
  reviews: number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * A batch of imported orders as the arrays its statement sends (PostgreSQL array literals), all
 * but whether each order was placed by a member, which needs the database: made while the batch
 * before it is written, so that the database does not wait for it.
 */
export interface OrderBatchArrays {
  orders: Record<keyof typeof ORDER_FIELDS, string>;
  lines: Record<keyof typeof LINE_FIELDS, string>;
  returns: Record<keyof typeof RETURN_FIELDS, string>;
  reviews: Record<keyof typeof REVIEW_FIELDS, string>;
}

export function orderBatchArrays(orders: ImportedOrder[]): OrderBatchArrays {
  return {
    orders: literals(orderRows(orders), ORDER_FIELDS),
    lines: literals(lineRows(orders), LINE_FIELDS),
    returns: literals(returnRows(orders), RETURN_FIELDS),
    reviews: literals(reviewRows(orders), REVIEW_FIELDS),
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
  arrays: OrderBatchArrays,
  placedByMember: boolean[],
): Promise<OrdersWritten> {
  const { shopId, importId, now } = input;
  const { orders: o, lines: l, returns: r, reviews: v } = arrays;
  const { rows } = await sql<OrdersWritten>`
    with o as (
      select * from unnest(${o.id}::text[], ${o.customerId}::text[], ${o.storeVersionId}::text[], ${o.channel}::text[],
        ${o.loggedIn}::bool[], ${o.status}::text[], ${o.productCents}::int8[], ${o.orderDiscountCents}::int8[],
        ${o.shippingCents}::int8[], ${o.paymentFeeCents}::int8[], ${o.eligibleCents}::int8[], ${o.keptEligibleCents}::int8[],
        ${o.placedAt}::timestamptz[], ${booleanArray(placedByMember)}::bool[], ${o.deliveredAt}::timestamptz[],
        ${o.cancelledAt}::timestamptz[])
        as o(id, customer_id, store_version_id, channel, logged_in, status, product_cents, order_discount_cents,
          shipping_cents, payment_fee_cents, eligible_cents, kept_eligible_cents, placed_at, placed_by_member,
          delivered_at, cancelled_at)
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
      from unnest(${l.orderId}::text[], ${l.lineNo}::int[], ${l.productId}::text[], ${l.category}::text[],
        ${l.quantity}::int[], ${l.unitPriceCents}::int8[], ${l.lineDiscountCents}::int8[], ${l.giftCard}::bool[],
        ${l.eligibleCents}::int8[], ${l.returnedQuantity}::int[])
        as l(order_id, line_no, product_id, category, quantity, unit_price_cents, line_discount_cents, gift_card,
          eligible_cents, returned_quantity)
      where l.order_id in (select id from placed)
      returning 1
    ), placed_returns as (
      insert into order_returns (shop_id, id, order_id, lines, points_deducted, created_at)
      select ${shopId}, r.id, r.order_id, r.lines::jsonb, 0, r.created_at
      from unnest(${r.id}::text[], ${r.orderId}::text[], ${r.lines}::text[], ${r.at}::timestamptz[])
        as r(id, order_id, lines, created_at)
      where r.order_id in (select id from placed)
      on conflict (shop_id, id) do nothing
      returning 1
    ), placed_reviews as (
      insert into reviews (shop_id, id, order_id, customer_id, product_id, status, submitted_at, decided_at)
      select ${shopId}, v.id, v.order_id, p.customer_id, v.product_id, v.status, v.at,
        case when v.status = 'submitted' then null else v.at end
      from unnest(${v.id}::text[], ${v.orderId}::text[], ${v.productId}::text[], ${v.status}::text[],
        ${v.at}::timestamptz[]) as v(id, order_id, product_id, status, at)
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

type Kind = 'text' | 'number' | 'boolean';

/** Each named field of the rows as one PostgreSQL array literal, of the kind the statement casts it to. */
function literals<F extends string>(
  rows: readonly NoInfer<Record<F, unknown>>[],
  fields: Readonly<Record<F, Kind>>,
): Record<F, string> {
  const out = {} as Record<F, string>;
  for (const field of Object.keys(fields) as F[]) {
    const column = rows.map((row) => row[field]);
    const kind = fields[field];
    out[field] =
      kind === 'text'
        ? textArray(column as (string | null)[])
        : kind === 'number'
          ? numberArray(column as (number | null)[])
          : booleanArray(column as boolean[]);
  }
  return out;
}

const ORDER_FIELDS = {
  id: 'text',
  customerId: 'text',
  storeVersionId: 'text',
  channel: 'text',
  loggedIn: 'boolean',
  status: 'text',
  productCents: 'number',
  orderDiscountCents: 'number',
  shippingCents: 'number',
  paymentFeeCents: 'number',
  eligibleCents: 'number',
  keptEligibleCents: 'number',
  placedAt: 'text',
  deliveredAt: 'text',
  cancelledAt: 'text',
} as const;

function orderRows(orders: ImportedOrder[]) {
  return orders.map((order) => ({
    ...order,
    placedAt: iso(order.placedAt),
    deliveredAt: iso(order.deliveredAt),
    cancelledAt: iso(order.cancelledAt),
  }));
}

const LINE_FIELDS = {
  orderId: 'text',
  lineNo: 'number',
  productId: 'text',
  category: 'text',
  quantity: 'number',
  unitPriceCents: 'number',
  lineDiscountCents: 'number',
  giftCard: 'boolean',
  eligibleCents: 'number',
  returnedQuantity: 'number',
} as const;

function lineRows(orders: ImportedOrder[]) {
  return orders.flatMap((order) => order.lines.map((line) => ({ ...line, orderId: order.id })));
}

const RETURN_FIELDS = { id: 'text', orderId: 'text', lines: 'text', at: 'text' } as const;

function returnRows(orders: ImportedOrder[]) {
  return orders.flatMap((order) =>
    order.returns.map((r) => ({
      id: r.id,
      orderId: order.id,
      lines: JSON.stringify(r.lines),
      at: iso(r.at),
    })),
  );
}

const REVIEW_FIELDS = { id: 'text', orderId: 'text', productId: 'text', status: 'text', at: 'text' } as const;

function reviewRows(orders: ImportedOrder[]) {
  return orders.flatMap((order) => order.reviews.map((v) => ({ ...v, orderId: order.id, at: iso(v.at) })));
}
