import fc from 'fast-check';
import type { OrderAmountsInput, OrderLineInput } from '../../src/domain/earning/eligible-amount.ts';

export function line(overrides: Partial<OrderLineInput> = {}): OrderLineInput {
  return {
    productId: 'p',
    quantity: 1,
    unitPriceCents: 1000,
    lineDiscountCents: 0,
    giftCard: false,
    ...overrides,
  };
}

export function order(
  lines: OrderLineInput[],
  overrides: Partial<OrderAmountsInput> = {},
): OrderAmountsInput {
  return {
    lines,
    orderDiscountCents: 0,
    codeDiscountCents: 0,
    shippingCents: 0,
    paymentFeeCents: 0,
    ...overrides,
  };
}

/**
 * The SPEC example: products 79.90 (a 50.73 item with a 10.00 line discount and a 29.17
 * item), a 20.00 gift card, 5.90 shipping and a 10.00 discount code. The 29.17 item is worth
 * exactly 25.00 after its share of the code, as the SPEC's return example needs.
 */
export const specOrder: OrderAmountsInput = order(
  [
    line({ productId: 'shirt', unitPriceCents: 5073, lineDiscountCents: 1000 }),
    line({ productId: 'cap', unitPriceCents: 2917 }),
    line({ productId: 'gift-card', unitPriceCents: 2000, giftCard: true }),
  ],
  { orderDiscountCents: 1000, shippingCents: 590 },
);

const lineArbitrary: fc.Arbitrary<OrderLineInput> = fc
  .record({
    quantity: fc.integer({ min: 1, max: 6 }),
    unitPriceCents: fc.integer({ min: 0, max: 50_000 }),
    giftCard: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  })
  .chain(({ quantity, unitPriceCents, giftCard }) =>
    fc.integer({ min: 0, max: quantity * unitPriceCents }).map((lineDiscountCents) => ({
      productId: 'p',
      quantity,
      unitPriceCents,
      giftCard,
      lineDiscountCents,
    })),
  );

function productTotal(lines: OrderLineInput[]): number {
  return lines.reduce(
    (sum, l) => sum + (l.giftCard ? 0 : l.quantity * l.unitPriceCents - l.lineDiscountCents),
    0,
  );
}

/** Any order that passes validation: discounts never exceed what they apply to. */
export const validOrderArbitrary: fc.Arbitrary<OrderAmountsInput> = fc
  .record({
    lines: fc.array(lineArbitrary, { minLength: 1, maxLength: 5 }),
    shippingCents: fc.integer({ min: 0, max: 2_000 }),
    paymentFeeCents: fc.integer({ min: 0, max: 500 }),
  })
  .chain((base) => {
    const total = productTotal(base.lines);
    return fc
      .integer({ min: 0, max: total })
      .chain((orderDiscountCents) =>
        fc
          .integer({ min: 0, max: total - orderDiscountCents })
          .map((codeDiscountCents) => ({ ...base, orderDiscountCents, codeDiscountCents })),
      );
  });
