import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type CodeCartLine, codeDiscount } from '../../src/domain/codes/code-discount.ts';

function cartLine(overrides: Partial<CodeCartLine> = {}): CodeCartLine {
  return { quantity: 1, unitPriceCents: 1000, lineDiscountCents: 0, giftCard: false, ...overrides };
}

describe('codeDiscount', () => {
  test('a code worth less than the products gives its whole value', () => {
    assert.equal(
      codeDiscount(500, { lines: [cartLine({ unitPriceCents: 3000 })], orderDiscountCents: 0 }),
      500,
    );
  });

  test('a code worth more than the products is capped and the remainder forfeited', () => {
    assert.equal(
      codeDiscount(4000, { lines: [cartLine({ unitPriceCents: 2500 })], orderDiscountCents: 0 }),
      2500,
    );
  });

  test('a code cannot buy gift cards', () => {
    const lines = [cartLine({ unitPriceCents: 1000 }), cartLine({ unitPriceCents: 5000, giftCard: true })];
    assert.equal(codeDiscount(4000, { lines, orderDiscountCents: 0 }), 1000);
    assert.equal(codeDiscount(4000, { lines: [lines[1]!], orderDiscountCents: 0 }), 0);
  });

  test('applies after line and order discounts and quantities', () => {
    const lines = [cartLine({ quantity: 2, unitPriceCents: 1500, lineDiscountCents: 500 })];
    assert.equal(codeDiscount(4000, { lines, orderDiscountCents: 1000 }), 1500);
  });

  test('never negative, even when other discounts exceed the products', () => {
    assert.equal(codeDiscount(500, { lines: [cartLine()], orderDiscountCents: 2000 }), 0);
    assert.equal(codeDiscount(500, { lines: [], orderDiscountCents: 0 }), 0);
  });

  test('property: between 0 and both the code value and the products left to pay', () => {
    const lines = fc.array(
      fc.record({
        quantity: fc.integer({ min: 1, max: 5 }),
        unitPriceCents: fc.nat({ max: 20_000 }),
        lineDiscountCents: fc.nat({ max: 5_000 }),
        giftCard: fc.boolean(),
      }),
      { maxLength: 5 },
    );
    fc.assert(
      fc.property(
        fc.nat({ max: 10_000 }),
        lines,
        fc.nat({ max: 5_000 }),
        (value, cartLines, orderDiscountCents) => {
          const discount = codeDiscount(value, { lines: cartLines, orderDiscountCents });
          const products = cartLines
            .filter((l) => !l.giftCard)
            .reduce((sum, l) => sum + Math.max(0, l.quantity * l.unitPriceCents - l.lineDiscountCents), 0);
          assert.equal(discount, Math.max(0, Math.min(value, products - orderDiscountCents)));
        },
      ),
    );
  });
});
