import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  eligibleCents,
  eligibleCentsKept,
  eligibleLines,
  validateOrderAmounts,
} from '../../src/domain/earning/eligible-amount.ts';
import { purchasePoints } from '../../src/domain/earning/purchase-points.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { adjustmentErrors, assertBalanceAfterAdjustment } from '../../src/domain/ledger/adjustment.ts';
import {
  MAX_ADJUSTMENT_POINTS,
  MAX_AMOUNT_CENTS,
  MAX_BALANCE_POINTS,
  MAX_LINE_QUANTITY,
  MAX_ORDER_TOTAL_CENTS,
  MAX_REASON_LENGTH,
} from '../../src/domain/limits.ts';

const line = (quantity: number, unitPriceCents: number, lineDiscountCents = 0) => ({
  productId: 'p',
  quantity,
  unitPriceCents,
  lineDiscountCents,
  giftCard: false,
});
const order = (lines: ReturnType<typeof line>[], extra: Partial<Record<string, number>> = {}) => ({
  lines,
  orderDiscountCents: 0,
  codeDiscountCents: 0,
  shippingCents: 0,
  paymentFeeCents: 0,
  ...extra,
});
const fields = (errors: { field: string }[]) => errors.map((e) => e.field).sort();

describe('limits: the domain refuses what the API refuses', () => {
  test('amounts, quantities, line totals and order totals', () => {
    const unsafe = Number.MAX_SAFE_INTEGER;
    assert.deepEqual(fields(validateOrderAmounts(order([line(1, unsafe), line(1, unsafe)]))), [
      'lines.0.unitPriceCents',
      'lines.1.unitPriceCents',
    ]);
    assert.deepEqual(fields(validateOrderAmounts(order([line(MAX_LINE_QUANTITY + 1, 1)]))), [
      'lines.0.quantity',
    ]);
    assert.deepEqual(
      fields(validateOrderAmounts(order([line(1, 1)], { shippingCents: MAX_AMOUNT_CENTS + 1 }))),
      ['shippingCents'],
    );
    assert.deepEqual(fields(validateOrderAmounts(order([line(1001, 1_000_000)]))), ['lines.0.quantity']);
    assert.deepEqual(fields(validateOrderAmounts(order([line(1, 600_000_000), line(1, 600_000_000)]))), [
      'lines',
    ]);
    assert.deepEqual(
      fields(validateOrderAmounts(order([line(1, 900_000_000)], { shippingCents: 100_000_001 }))),
      ['shippingCents'],
    );
    assert.deepEqual(
      validateOrderAmounts(order([line(MAX_LINE_QUANTITY, MAX_ORDER_TOTAL_CENTS / MAX_LINE_QUANTITY)])),
      [],
    );
  });

  test('every amount computed from an order within the bounds is a safe integer', () => {
    const bounded = fc
      .array(
        fc.record({
          quantity: fc.integer({ min: 1, max: MAX_LINE_QUANTITY }),
          unitPriceCents: fc.integer({ min: 0, max: MAX_AMOUNT_CENTS }),
          giftCard: fc.boolean(),
        }),
        { minLength: 1, maxLength: 20 },
      )
      .map((lines) =>
        order(
          lines.map((l) => ({ ...line(l.quantity, l.unitPriceCents), giftCard: l.giftCard })),
          { orderDiscountCents: 0 },
        ),
      )
      .filter((o) => validateOrderAmounts(o).length === 0);
    fc.assert(
      fc.property(bounded, (o) => {
        const total = eligibleCents(o);
        assert.ok(Number.isSafeInteger(total) && total <= MAX_ORDER_TOTAL_CENTS);
        for (const l of eligibleLines(o)) assert.ok(Number.isSafeInteger(l.gross));
        const kept = eligibleCentsKept(
          o,
          o.lines.map((l) => Math.floor(l.quantity / 2)),
        );
        assert.ok(Number.isSafeInteger(kept));
        assert.ok(purchasePoints(total, 10) <= MAX_ORDER_TOTAL_CENTS / 10);
      }),
    );
  });

  test('adjustments: points, reason and the balance they lead to', () => {
    assert.deepEqual(fields(adjustmentErrors(MAX_ADJUSTMENT_POINTS + 1, 'r')), ['points']);
    assert.deepEqual(fields(adjustmentErrors(-MAX_ADJUSTMENT_POINTS - 1, 'r')), ['points']);
    assert.deepEqual(fields(adjustmentErrors(Number.MAX_SAFE_INTEGER + 1, 'r')), ['points']);
    assert.deepEqual(fields(adjustmentErrors(5, 'x'.repeat(MAX_REASON_LENGTH + 1))), ['reason']);
    assert.deepEqual(adjustmentErrors(-MAX_ADJUSTMENT_POINTS, 'x'.repeat(MAX_REASON_LENGTH)), []);
    assert.throws(() => assertBalanceAfterAdjustment(MAX_BALANCE_POINTS, 1), DomainError);
    assert.throws(() => assertBalanceAfterAdjustment(-MAX_BALANCE_POINTS, -1), DomainError);
    assertBalanceAfterAdjustment(MAX_BALANCE_POINTS - 1, 1);
    assertBalanceAfterAdjustment(MAX_BALANCE_POINTS + 50, -1);
  });
});
