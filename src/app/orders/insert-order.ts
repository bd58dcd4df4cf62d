import type { OrderDecision } from './order-facts.ts';
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
