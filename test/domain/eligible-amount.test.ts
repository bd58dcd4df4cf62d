import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  eligibleCents,
  eligibleCentsKept,
  eligibleLines,
  validateOrderAmounts,
} from '../../src/domain/earning/eligible-amount.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { line, order, specOrder, validOrderArbitrary } from './order-fixtures.ts';

function fields(errors: { field: string }[]): string[] {
  return errors.map((error) => error.field);
}

describe('eligibleCents', () => {
  test('SPEC: products 79.90, line discount −10.00, gift card, shipping, code −10.00 → 59.90', () => {
    assert.equal(eligibleCents(specOrder), 5990);
  });

  test('SPEC example as a single product line', () => {
    const single = order(
      [
        line({ unitPriceCents: 7990, lineDiscountCents: 1000 }),
        line({ unitPriceCents: 2000, giftCard: true }),
      ],
      { orderDiscountCents: 1000, shippingCents: 590 },
    );
    assert.equal(eligibleCents(single), 5990);
  });

  test('line gross is quantity × unit price', () => {
    assert.equal(eligibleCents(order([line({ quantity: 3, unitPriceCents: 1250 })])), 3750);
  });

  test('a loyalty code discount lowers the eligible amount like an order discount', () => {
    const withCode = order([line({ unitPriceCents: 5000 })], {
      codeDiscountCents: 500,
      orderDiscountCents: 200,
    });
    assert.equal(eligibleCents(withCode), 4300);
  });

  test('shipping and payment fees never count', () => {
    const base = order([line({ unitPriceCents: 5000 })]);
    const withFees = { ...base, shippingCents: 990, paymentFeeCents: 150 };
    assert.equal(eligibleCents(withFees), 5000);
  });

  test('an order of only gift cards is worth nothing', () => {
    assert.equal(eligibleCents(order([line({ unitPriceCents: 5000, giftCard: true })])), 0);
  });

  test('a discount equal to the products leaves nothing', () => {
    assert.equal(eligibleCents(order([line({ unitPriceCents: 5000 })], { orderDiscountCents: 5000 })), 0);
  });

  test('input that skipped validation never goes below zero', () => {
    assert.equal(eligibleCents(order([line({ unitPriceCents: 500 })], { orderDiscountCents: 900 })), 0);
    assert.equal(eligibleCents(order([line({ unitPriceCents: 500, lineDiscountCents: 900 })])), 0);
  });
});

describe('eligibleLines', () => {
  test('SPEC: the order discount is spread over product lines by their net, not over the gift card', () => {
    assert.deepEqual(eligibleLines(specOrder), [
      { gross: 5073, eligibleCents: 3490 },
      { gross: 2917, eligibleCents: 2500 },
      { gross: 2000, eligibleCents: 0 },
    ]);
  });

  test('property: lines sum to the product total less every discount, each within [0, net]', () => {
    fc.assert(
      fc.property(validOrderArbitrary, (o) => {
        const lines = eligibleLines(o);
        let productNet = 0;
        o.lines.forEach((l, i) => {
          const net = l.quantity * l.unitPriceCents - l.lineDiscountCents;
          assert.equal(lines[i]!.gross, l.quantity * l.unitPriceCents);
          if (l.giftCard) {
            assert.equal(lines[i]!.eligibleCents, 0);
          } else {
            productNet += net;
            assert.ok(lines[i]!.eligibleCents >= 0 && lines[i]!.eligibleCents <= net);
          }
        });
        assert.equal(eligibleCents(o), productNet - o.orderDiscountCents - o.codeDiscountCents);
      }),
    );
  });
});

describe('eligibleCentsKept', () => {
  test('SPEC: returning the item worth 25.00 after its share of discounts keeps 34.90', () => {
    assert.equal(eligibleCentsKept(specOrder, [0, 1, 0]), 3490);
  });

  test('nothing returned keeps everything; everything returned keeps nothing', () => {
    assert.equal(eligibleCentsKept(specOrder, [0, 0, 0]), 5990);
    assert.equal(eligibleCentsKept(specOrder, [1, 1, 1]), 0);
  });

  test('returned gift cards change nothing', () => {
    assert.equal(eligibleCentsKept(specOrder, [0, 0, 1]), 5990);
  });

  test('returned units take their proportional share of the line, to the nearest cent', () => {
    // 3 units worth 10.00 in all: 3.33 + 3.33 + 3.34
    const threeUnits = order([line({ quantity: 3, unitPriceCents: 334, lineDiscountCents: 2 })]);
    assert.equal(eligibleCents(threeUnits), 1000);
    assert.equal(eligibleCentsKept(threeUnits, [1]), 667);
    assert.equal(eligibleCentsKept(threeUnits, [2]), 333);
    assert.equal(eligibleCentsKept(threeUnits, [3]), 0);
  });

  test('a half cent goes to what is kept', () => {
    assert.equal(eligibleCentsKept(order([line({ quantity: 2, unitPriceCents: 1001 })]), [1]), 1001);
    assert.equal(
      eligibleCentsKept(
        order([line({ quantity: 2, unitPriceCents: 1001 })], { orderDiscountCents: 1001 }),
        [1],
      ),
      501,
    );
  });

  test('refuses to return more units than were ordered', () => {
    assert.throws(
      () => eligibleCentsKept(specOrder, [2, 0, 0]),
      (error: unknown) =>
        error instanceof DomainError &&
        error.code === 'return_exceeds_order' &&
        error.fields[0]?.field === 'returnedQuantities.0',
    );
  });

  test('refuses negative or fractional quantities and a wrong number of lines', () => {
    const invalidInput = (error: unknown) => error instanceof DomainError && error.code === 'invalid_input';
    assert.throws(() => eligibleCentsKept(specOrder, [-1, 0, 0]), invalidInput);
    assert.throws(() => eligibleCentsKept(specOrder, [0, 0.5, 0]), invalidInput);
    assert.throws(() => eligibleCentsKept(specOrder, [0, 0]), invalidInput);
  });

  test('property: returning more never keeps more, and a full return keeps nothing', () => {
    const withReturns = validOrderArbitrary.chain((o) =>
      fc.tuple(
        fc.constant(o),
        fc.tuple(...o.lines.map((l) => fc.integer({ min: 0, max: l.quantity }))),
        fc.tuple(...o.lines.map((l) => fc.integer({ min: 0, max: l.quantity }))),
      ),
    );
    fc.assert(
      fc.property(withReturns, ([o, a, b]) => {
        const fewer = a.map((q, i) => Math.min(q, b[i]!));
        const more = a.map((q, i) => Math.max(q, b[i]!));
        const keptFewer = eligibleCentsKept(o, fewer);
        assert.ok(keptFewer >= eligibleCentsKept(o, more));
        assert.ok(keptFewer <= eligibleCents(o));
        assert.equal(
          eligibleCentsKept(
            o,
            o.lines.map((l) => l.quantity),
          ),
          0,
        );
      }),
    );
  });
});

describe('validateOrderAmounts', () => {
  test('accepts the SPEC order', () => {
    assert.deepEqual(validateOrderAmounts(specOrder), []);
  });

  test('property: accepts every well-formed order', () => {
    fc.assert(
      fc.property(validOrderArbitrary, (o) => {
        assert.deepEqual(validateOrderAmounts(o), []);
      }),
    );
  });

  test('an order needs at least one line', () => {
    assert.deepEqual(fields(validateOrderAmounts(order([]))), ['lines']);
  });

  test('reports negative and fractional line amounts with their paths', () => {
    const errors = validateOrderAmounts(
      order([
        line(),
        line({ quantity: -1, unitPriceCents: -100, lineDiscountCents: 1.5 }),
        line({ quantity: 0, productId: '' }),
      ]),
    );
    assert.deepEqual(fields(errors), [
      'lines.1.quantity',
      'lines.1.unitPriceCents',
      'lines.1.lineDiscountCents',
      'lines.2.productId',
      'lines.2.quantity',
    ]);
  });

  test('reports negative or fractional order amounts', () => {
    const errors = validateOrderAmounts(
      order([line()], {
        orderDiscountCents: -1,
        codeDiscountCents: 0.5,
        shippingCents: -590,
        paymentFeeCents: 1.1,
      }),
    );
    assert.deepEqual(fields(errors), [
      'orderDiscountCents',
      'codeDiscountCents',
      'shippingCents',
      'paymentFeeCents',
    ]);
  });

  test('a line discount cannot exceed the line total', () => {
    const errors = validateOrderAmounts(
      order([line({ quantity: 2, unitPriceCents: 500, lineDiscountCents: 1001 })]),
    );
    assert.deepEqual(fields(errors), ['lines.0.lineDiscountCents']);
    assert.deepEqual(
      validateOrderAmounts(order([line({ quantity: 2, unitPriceCents: 500, lineDiscountCents: 1000 })])),
      [],
    );
  });

  test('order and code discounts cannot exceed the products excluding gift cards', () => {
    const lines = [line({ unitPriceCents: 1000 }), line({ unitPriceCents: 5000, giftCard: true })];
    assert.deepEqual(fields(validateOrderAmounts(order(lines, { orderDiscountCents: 1001 }))), [
      'orderDiscountCents',
    ]);
    assert.deepEqual(
      fields(validateOrderAmounts(order(lines, { orderDiscountCents: 600, codeDiscountCents: 401 }))),
      ['codeDiscountCents'],
    );
    assert.deepEqual(
      validateOrderAmounts(order(lines, { orderDiscountCents: 600, codeDiscountCents: 400 })),
      [],
    );
  });

  test('a line total beyond the safe integer range is refused', () => {
    const errors = validateOrderAmounts(
      order([line({ quantity: 10_000, unitPriceCents: Number.MAX_SAFE_INTEGER })]),
    );
    assert.deepEqual(fields(errors), ['lines.0.unitPriceCents']);
  });
});
