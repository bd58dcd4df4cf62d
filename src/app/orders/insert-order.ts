import { type RawBuilder, sql } from 'kysely';
import { insertFirstOrders } from './first-orders.ts';
import type { OrderDecision } from './order-facts.ts';
import { figureChanges } from './order-figure-changes.ts';
import type { PlaceOrderInput } from './order-input.ts';
import { type RecordsetColumn, recordset, recordsetParameters } from './recordset.ts';
import { type ColumnOf, columnsOf, placedColumnsOf } from './recordset-columns.ts';

/** An order decided on its facts, with the moment its request read from the clock. */
export interface OrderToInsert {
  input: PlaceOrderInput;
  decided: OrderDecision;
  now: Date;
}

/** The orders' columns as `insertOrders` reads them; made once, as each call only maps its orders through them. */
const ORDER_COLUMNS: Record<string, ColumnOf<OrderToInsert>> = {
  shop_id: { type: 'text', of: (o) => o.input.shopId },
  id: { type: 'text', of: (o) => o.input.orderId },
  customer_id: { type: 'text', of: (o) => o.input.customerId },
  store_version_id: { type: 'text', of: (o) => o.input.storeVersionId },
  channel: { type: 'text', of: (o) => o.input.channel },
  logged_in: { type: 'bool', of: (o) => o.input.loggedIn },
  earns: { type: 'bool', of: (o) => o.decided.earns },
  not_earning_reason: { type: 'text', of: (o) => o.decided.notEarningReason },
  product_cents: { type: 'int8', of: (o) => o.decided.productCents },
  order_discount_cents: { type: 'int8', of: (o) => o.input.orderDiscountCents },
  code_discount_cents: { type: 'int8', of: (o) => o.input.codeDiscountCents },
  shipping_cents: { type: 'int8', of: (o) => o.input.shippingCents },
  payment_fee_cents: { type: 'int8', of: (o) => o.input.paymentFeeCents },
  eligible_cents: { type: 'int8', of: (o) => o.decided.eligibleCents },
  campaign_weight: { type: 'int8', of: (o) => o.decided.campaignWeight },
  loyalty_code: { type: 'text', of: (o) => o.input.loyaltyCode ?? null },
  placed_at: { type: 'timestamptz', of: (o) => o.input.placedAt },
  placed_by_member: { type: 'bool', of: (o) => o.decided.placedByMember },
  created_at: { type: 'timestamptz', of: (o) => o.now },
};

/** An order's line as it is inserted: numbered from 1, with the eligible amount and multiplier decided for it. */
interface LineToInsert {
  input: PlaceOrderInput;
  line: PlaceOrderInput['lines'][number];
  lineNo: number;
  eligible: number;
  multiplier: number;
}

const LINE_COLUMNS: Record<string, ColumnOf<LineToInsert>> = {
  shop_id: { type: 'text', of: (l) => l.input.shopId },
  order_id: { type: 'text', of: (l) => l.input.orderId },
  line_no: { type: 'int', of: (l) => l.lineNo },
  product_id: { type: 'text', of: (l) => l.line.productId },
  category: { type: 'text', of: (l) => l.line.category ?? null },
  quantity: { type: 'int', of: (l) => l.line.quantity },
  unit_price_cents: { type: 'int8', of: (l) => l.line.unitPriceCents },
  line_discount_cents: { type: 'int8', of: (l) => l.line.lineDiscountCents },
  gift_card: { type: 'bool', of: (l) => l.line.giftCard },
  eligible_cents: { type: 'int8', of: (l) => l.eligible },
  multiplier_pct: { type: 'int', of: (l) => l.multiplier },
};

function linesOf(orders: readonly OrderToInsert[]): LineToInsert[] {
  return orders.flatMap(({ input, decided }) =>
    input.lines.map((line, i) => ({
      input,
      line,
      lineNo: i + 1,
      eligible: decided.lines[i]!.eligibleCents,
      multiplier: decided.multipliers[i]!,
    })),
  );
}

/** New orders as `insertOrders` sends them: the orders' rows (with the caller's own columns) and their lines. */
export interface OrderRecordsets {
  orders: Record<string, RecordsetColumn>;
  lines: Record<string, RecordsetColumn>;
}

/** The orders' recordsets; `own` adds the caller's columns to the orders' rows. Order ids must be distinct. */
export function orderRecordsets<T extends OrderToInsert>(
  orders: T[],
  own?: (orders: T[]) => Record<string, RecordsetColumn>,
): OrderRecordsets {
  return {
    orders: { ...placedColumnsOf(orders, ORDER_COLUMNS), ...own?.(orders) },
    lines: columnsOf(linesOf(orders), LINE_COLUMNS),
  };
}

/** What `insertOrders` binds, in its order: for a statement kept by its shape (db/statement-text.ts). */
export function insertOrdersParameters(sets: OrderRecordsets): string[] {
  return [...recordsetParameters(sets.orders), ...recordsetParameters(sets.lines)];
}

/**
 * The common-table expressions that insert new orders (`orderRecordsets`), in one statement with
 * whatever follows them: `o` (the orders' rows with `idx`, each order's place among them, and the
 * caller's own columns), `placed` (every column of each order inserted; an order whose id exists already
 * is skipped), then their lines, the customers' first orders and the dashboard's figure changes.
 * `delivered`: delivered as they were placed (a sale at the till), with `ratio_cents` and `points`
 * among the caller's columns. Order ids must be distinct.
 */
export function insertOrders(sets: OrderRecordsets, status: 'placed' | 'delivered'): RawBuilder<unknown> {
  const delivered = status === 'delivered';
  return sql`o as (
      select * from ${recordset('o', sets.orders)}
    ), placed as (
      insert into orders (shop_id, id, customer_id, store_version_id, channel, logged_in, status, earns,
        not_earning_reason, product_cents, order_discount_cents, code_discount_cents, shipping_cents,
        payment_fee_cents, eligible_cents, kept_eligible_cents, loyalty_code, ratio_cents, points_earned,
        placed_at, placed_by_member, delivered_at, created_at, kept_campaign_weight)
      select shop_id, id, customer_id, store_version_id, channel, logged_in, ${sql.lit(status)}, earns,
        not_earning_reason, product_cents, order_discount_cents, code_discount_cents, shipping_cents,
        payment_fee_cents, eligible_cents, eligible_cents, loyalty_code,
        ${delivered ? sql`ratio_cents, points` : sql`null, 0`},
        placed_at, placed_by_member, ${delivered ? sql`placed_at` : sql`null`}, created_at, campaign_weight
      from o order by shop_id, id
      on conflict (shop_id, id) do nothing
      returning *
    ), placed_lines as (
      insert into order_lines (shop_id, order_id, line_no, product_id, category, quantity, unit_price_cents,
        line_discount_cents, gift_card, eligible_cents, multiplier_pct)
      select l.shop_id, l.order_id, l.line_no, l.product_id, l.category, l.quantity, l.unit_price_cents,
        l.line_discount_cents, l.gift_card, l.eligible_cents, l.multiplier_pct
      from ${recordset('l', sets.lines)}
      join placed p on p.shop_id = l.shop_id and p.id = l.order_id
    ), first_orders as (${insertFirstOrders('placed')}
    ), figures as (${figureChanges(sql`placed o`, 1)})`;
}
