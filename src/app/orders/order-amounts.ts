import type { Executor } from '../../db/connect.ts';
import type { Order, OrderLine } from '../../db/schema.ts';
import type { OrderAmountsInput } from '../../domain/earning/eligible-amount.ts';

/** An order's lines in their order. */
export function orderLines(trx: Executor, shopId: string, orderId: string): Promise<OrderLine[]> {
  return orderLinesOf(trx, shopId, [orderId]);
}

/** The lines of these orders of the shop, by order and then line number. */
export function orderLinesOf(db: Executor, shopId: string, orderIds: string[]): Promise<OrderLine[]> {
  return db
    .selectFrom('order_lines')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('order_id', 'in', orderIds)
    .orderBy('order_id')
    .orderBy('line_no')
    .execute();
}

/** A stored order line as the store reported it. */
export function lineInputOf(l: OrderLine) {
  return {
    productId: l.product_id,
    category: l.category,
    quantity: l.quantity,
    unitPriceCents: l.unit_price_cents,
    lineDiscountCents: l.line_discount_cents,
    giftCard: l.gift_card,
  };
}

/** Rebuilds the amounts the store reported, so eligible amounts are recomputed exactly as at placement. */
export function amountsOf(order: Order, lines: OrderLine[]): OrderAmountsInput {
  return {
    lines: lines.map(lineInputOf),
    orderDiscountCents: order.order_discount_cents,
    codeDiscountCents: order.code_discount_cents,
    shippingCents: order.shipping_cents,
    paymentFeeCents: order.payment_fee_cents,
  };
}
