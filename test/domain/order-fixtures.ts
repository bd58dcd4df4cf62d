import fc from 'fast-check';
import type { OrderAmountsInput, OrderLineInput } from '../../src/domain/earning/eligible-amount.ts';
import { specExampleAmounts } from '../support/spec-example.ts';

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

/** The SPEC example (test/support/spec-example.ts). */
export const specOrder: OrderAmountsInput = specExampleAmounts();

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
