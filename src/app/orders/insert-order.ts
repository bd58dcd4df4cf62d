import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import { insertFirstOrders } from './first-orders.ts';
import type { OrderDecision } from './order-facts.ts';
import { figureChanges } from './order-figure-changes.ts';
import type { PlaceOrderInput } from './order-input.ts';

/** An order's lines as stored, numbered from 1, with the eligible amount decided for each. */
export function lineRows(input: PlaceOrderInput, decided: OrderDecision) {
  return input.lines.map((line, i) => ({
    line_no: i + 1,
    product_id: line.productId,
    category: line.category ?? null,
    quantity: line.quantity,
    unit_price_cents: line.unitPriceCents,
    line_discount_cents: line.lineDiscountCents,
    gift_card: line.giftCard,
    eligible_cents: decided.lines[i]!.eligibleCents,
  }));
}

/**
 * Writes a new placed order with its lines, its change to the dashboard's figures and, when it is
 * the customer's first, that fact, in one statement. Nothing is written if the order id
 * exists already. (Orders reported already delivered go through `insertSales`.)
 */
export async function insertOrder(
  db: Executor,
  input: PlaceOrderInput,
  decided: OrderDecision,
  now: Date,
): Promise<{ inserted: boolean }> {
  const lines = lineRows(input, decided);
  const { rows } = await sql<{ inserted: number }>`
    with placed as (
      insert into orders (shop_id, id, customer_id, store_version_id, channel, logged_in, status, earns,
        not_earning_reason, product_cents, order_discount_cents, code_discount_cents, shipping_cents,
        payment_fee_cents, eligible_cents, kept_eligible_cents, loyalty_code, ratio_cents, points_earned,
        placed_at, placed_by_member, delivered_at, created_at)
      values (${input.shopId}, ${input.orderId}, ${input.customerId}, ${input.storeVersionId}, ${input.channel},
        ${input.loggedIn}, 'placed', ${decided.earns}, ${decided.notEarningReason},
        ${decided.productCents}, ${input.orderDiscountCents}, ${input.codeDiscountCents}, ${input.shippingCents},
        ${input.paymentFeeCents}, ${decided.eligibleCents}, ${decided.eligibleCents}, ${input.loyaltyCode ?? null},
        null, 0, ${input.placedAt}, ${decided.placedByMember}, null, ${now})
      on conflict (shop_id, id) do nothing
      returning *
    ), placed_lines as (
      insert into order_lines (shop_id, order_id, line_no, product_id, category, quantity, unit_price_cents,
        line_discount_cents, gift_card, eligible_cents)
      select ${input.shopId}, ${input.orderId}, l.line_no, l.product_id, l.category, l.quantity, l.unit_price_cents,
        l.line_discount_cents, l.gift_card, l.eligible_cents
      from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as l(line_no int, product_id text, category text,
        quantity int, unit_price_cents bigint, line_discount_cents bigint, gift_card boolean, eligible_cents bigint)
      where exists (select 1 from placed)
    ), first_orders as (${insertFirstOrders('placed')}
    ), figures as (${figureChanges(sql`placed o`, 1)})
    select (select count(*) from placed) as inserted`.execute(db);
  return { inserted: rows[0]!.inserted > 0 };
}
