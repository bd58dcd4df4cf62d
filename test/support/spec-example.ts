import type { OrderAmountsInput } from '../../src/domain/earning/eligible-amount.ts';

/**
 * The SPEC example order, the one copy every test takes it from: products 79.90 (a 50.73 jacket
 * with a 10.00 line discount and a 29.17 scarf), a 20.00 gift card, shipping 5.90 and a 10.00
 * discount code → eligible 59.90, so 59 points at 1 point per euro. The scarf is worth exactly
 * 25.00 after its share of the code, so returning it keeps 34.90 (34 points).
 */
export const SPEC_EXAMPLE_ORDER: Readonly<OrderAmountsInput> = Object.freeze({
  lines: [
    {
      productId: 'jacket',
      category: 'clothes',
      quantity: 1,
      unitPriceCents: 5073,
      lineDiscountCents: 1000,
      giftCard: false,
    },
    {
      productId: 'scarf',
      category: 'clothes',
      quantity: 1,
      unitPriceCents: 2917,
      lineDiscountCents: 0,
      giftCard: false,
    },
    {
      productId: 'gift-card',
      category: null,
      quantity: 1,
      unitPriceCents: 2000,
      lineDiscountCents: 0,
      giftCard: true,
    },
  ],
  orderDiscountCents: 0,
  codeDiscountCents: 1000,
  shippingCents: 590,
  paymentFeeCents: 0,
});

/** A fresh copy of the example's amounts, safe to change. */
export function specExampleAmounts(): OrderAmountsInput {
  return structuredClone(SPEC_EXAMPLE_ORDER) as OrderAmountsInput;
}
