import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { NoEarningReason } from '../../domain/earning/order-earns.ts';
import { DomainError } from '../../domain/errors.ts';
import { insertFirstOrders } from './first-orders.ts';
import { lineRows } from './insert-order.ts';
import type { OrderDecision } from './order-facts.ts';
import { figureChanges } from './order-figure-changes.ts';
import type { PlaceOrderInput } from './order-input.ts';

export interface PlaceOrderResult {
  outcome: 'applied' | 'duplicate';
  orderId: string;
  eligibleCents: number;
  earns: boolean;
  notEarningReason: NoEarningReason | null;
}

/** A placed order decided from its facts, with the moment its request read from the clock. */
export interface DecidedOrder {
  input: PlaceOrderInput;
  decided: OrderDecision;
  now: Date;
}

type OrderAsDecided = Pick<DecidedOrder, 'input' | 'decided'>;

/** What an order reported before is compared on when the same id comes again. */
export interface ExistingOrder {
  customer_id: string | null;
  store_version_id: string;
  eligible_cents: number;
  earns: boolean;
  not_earning_reason: string | null;
}

export const appliedOrder = ({ input, decided }: OrderAsDecided): PlaceOrderResult => ({
  outcome: 'applied',
  orderId: input.orderId,
  eligibleCents: decided.eligibleCents,
  earns: decided.earns,
  notEarningReason: decided.notEarningReason,
});

/**
 * The answer to an order id reported again: a retry if it describes the same order (the same
 * customer, store version and eligible amount), else refused with `order_exists`.
 */
export function repeatedOrder(existing: ExistingOrder, { input, decided }: OrderAsDecided): PlaceOrderResult {
  const same =
    existing.customer_id === input.customerId &&
    existing.store_version_id === input.storeVersionId &&
    existing.eligible_cents === decided.eligibleCents;
  if (!same) {
    throw new DomainError(
      'order_exists',
      `Order "${input.orderId}" was already reported with different contents; use a new order id`,
    );
  }
  return {
    outcome: 'duplicate',
    orderId: input.orderId,
    eligibleCents: existing.eligible_cents,
    earns: existing.earns,
    notEarningReason: existing.not_earning_reason as NoEarningReason | null,
  };
}

/**
 * Writes new placed orders in one statement: the orders, their lines, their changes to the
 * dashboard's figures and the customers' first orders. An order whose id exists already is
 * skipped and answered `false`; one answer per order, in their order. Order ids must be distinct.
 * (Orders reported already delivered go through `insertSales`.)
 */
export async function insertPlacedOrders(db: Executor, orders: DecidedOrder[]): Promise<boolean[]> {
  if (orders.length === 0) return [];
  const { rows: orderRows, lines } = placedRows(orders);
  const { rows } = await sql<{ inserted: boolean }>`
    with o as (
      select * from json_to_recordset(${JSON.stringify(orderRows)}::json) as o(idx int, shop_id text, id text,
        customer_id text, store_version_id text, channel text, logged_in boolean, earns boolean,
        not_earning_reason text, product_cents bigint, order_discount_cents bigint, code_discount_cents bigint,
        shipping_cents bigint, payment_fee_cents bigint, eligible_cents bigint, loyalty_code text,
        placed_at timestamptz, placed_by_member boolean, created_at timestamptz)
    ), placed as (
      insert into orders (shop_id, id, customer_id, store_version_id, channel, logged_in, status, earns,
        not_earning_reason, product_cents, order_discount_cents, code_discount_cents, shipping_cents,
        payment_fee_cents, eligible_cents, kept_eligible_cents, loyalty_code, ratio_cents, points_earned,
        placed_at, placed_by_member, delivered_at, created_at)
      select shop_id, id, customer_id, store_version_id, channel, logged_in, 'placed', earns,
        not_earning_reason, product_cents, order_discount_cents, code_discount_cents, shipping_cents,
        payment_fee_cents, eligible_cents, eligible_cents, loyalty_code, null, 0,
        placed_at, placed_by_member, null, created_at
      from o order by shop_id, id
      on conflict (shop_id, id) do nothing
      returning *
    ), placed_lines as (
      insert into order_lines (shop_id, order_id, line_no, product_id, category, quantity, unit_price_cents,
        line_discount_cents, gift_card, eligible_cents)
      select l.shop_id, l.order_id, l.line_no, l.product_id, l.category, l.quantity, l.unit_price_cents,
        l.line_discount_cents, l.gift_card, l.eligible_cents
      from json_to_recordset(${JSON.stringify(lines)}::json) as l(shop_id text, order_id text, line_no int,
        product_id text, category text, quantity int, unit_price_cents bigint, line_discount_cents bigint,
        gift_card boolean, eligible_cents bigint)
      join placed p on p.shop_id = l.shop_id and p.id = l.order_id
    ), first_orders as (${insertFirstOrders('placed')}
    ), figures as (${figureChanges(sql`placed o`, 1)})
    select p.id is not null as inserted
    from o left join placed p on p.shop_id = o.shop_id and p.id = o.id
    order by o.idx`.execute(db);
  return rows.map((row) => row.inserted);
}

/** The rows of the orders and of their lines, as `insertPlacedOrders` reads them. */
function placedRows(orders: DecidedOrder[]) {
  const rows = orders.map(({ input, decided, now }, idx) => ({
    idx,
    shop_id: input.shopId,
    id: input.orderId,
    customer_id: input.customerId,
    store_version_id: input.storeVersionId,
    channel: input.channel,
    logged_in: input.loggedIn,
    earns: decided.earns,
    not_earning_reason: decided.notEarningReason,
    product_cents: decided.productCents,
    order_discount_cents: input.orderDiscountCents,
    code_discount_cents: input.codeDiscountCents,
    shipping_cents: input.shippingCents,
    payment_fee_cents: input.paymentFeeCents,
    eligible_cents: decided.eligibleCents,
    loyalty_code: input.loyaltyCode ?? null,
    placed_at: input.placedAt,
    placed_by_member: decided.placedByMember,
    created_at: now,
  }));
  const lines = orders.flatMap(({ input, decided }) =>
    lineRows(input, decided).map((line) => ({ shop_id: input.shopId, order_id: input.orderId, ...line })),
  );
  return { rows, lines };
}
