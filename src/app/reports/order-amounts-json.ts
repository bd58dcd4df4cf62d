import type { Order } from '../../db/schema.ts';

/**
 * An order's amounts, its loyalty code and its points, as every JSON of an order names them: the
 * API's `Order`, the orders export and a customer's personal data.
 */
export function orderAmountsJson(o: Order) {
  return {
    productCents: o.product_cents,
    orderDiscountCents: o.order_discount_cents,
    codeDiscountCents: o.code_discount_cents,
    shippingCents: o.shipping_cents,
    paymentFeeCents: o.payment_fee_cents,
    eligibleCents: o.eligible_cents,
    keptEligibleCents: o.kept_eligible_cents,
    loyaltyCode: o.loyalty_code,
    pointsEarned: o.points_earned,
    pointsDeducted: o.points_deducted,
  };
}
