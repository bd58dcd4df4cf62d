import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { eligibleCents, eligibleCentsKept } from '../../src/domain/earning/eligible-amount.ts';
import { purchasePoints } from '../../src/domain/earning/purchase-points.ts';
import { returnDeduction } from '../../src/domain/earning/return-points.ts';
import { specOrder, validOrderArbitrary } from './order-fixtures.ts';

describe('returnDeduction', () => {
  test('SPEC: 59 earned, 34.90 kept at 1 pt / 1 EUR → deduct 25', () => {
    assert.equal(
      returnDeduction({ earnedPoints: 59, alreadyDeducted: 0, keptEligibleCents: 3490, ratioCents: 100 }),
      25,
    );
  });

  test('SPEC order end to end: return of the 25.00 item deducts 25 points', () => {
    const earnedPoints = purchasePoints(eligibleCents(specOrder), 100);
    const keptEligibleCents = eligibleCentsKept(specOrder, [0, 1, 0]);
    assert.equal(earnedPoints, 59);
    assert.equal(
      returnDeduction({ earnedPoints, alreadyDeducted: 0, keptEligibleCents, ratioCents: 100 }),
      25,
    );
  });

  // Each case: [earnedPoints, alreadyDeducted, keptEligibleCents, ratioCents, the deduction].
  const deductions: Record<string, [number, number, number, number, number][]> = {
    'partial returns add up: the second return deducts only the difference': [
      [59, 25, 3490, 100, 0],
      [59, 25, 1000, 100, 24],
      [59, 49, 0, 100, 10],
    ],
    'a full return takes back everything the order earned': [[59, 0, 0, 100, 59]],
    'never deducts more than the order earned': [
      // earned less than the kept goods are worth (e.g. the earning rules changed): nothing to take
      [10, 0, 3490, 100, 0],
      [59, 70, 0, 100, 0],
      [0, 0, 0, 100, 0],
    ],
    'uses the program ratio': [[599, 0, 3490, 10, 250]],
  };
  for (const [name, cases] of Object.entries(deductions)) {
    test(name, () => {
      for (const [earnedPoints, alreadyDeducted, keptEligibleCents, ratioCents, expected] of cases) {
        const input = { earnedPoints, alreadyDeducted, keptEligibleCents, ratioCents };
        assert.equal(returnDeduction(input), expected, JSON.stringify(input));
      }
    });
  }

  test('rejects negative or fractional input', () => {
    const valid = { earnedPoints: 59, alreadyDeducted: 0, keptEligibleCents: 3490, ratioCents: 100 };
    assert.throws(() => returnDeduction({ ...valid, earnedPoints: -1 }), RangeError);
    assert.throws(() => returnDeduction({ ...valid, alreadyDeducted: 1.5 }), RangeError);
    assert.throws(() => returnDeduction({ ...valid, keptEligibleCents: -1 }), RangeError);
    assert.throws(() => returnDeduction({ ...valid, ratioCents: 0 }), RangeError);
  });

  /** An order and a sequence of returns, each a number of units per line (capped at what is left). */
  const ordersWithReturns = validOrderArbitrary.chain((o) =>
    fc.tuple(
      fc.constant(o),
      fc.constantFrom(10, 100, 1000),
      fc.array(fc.tuple(...o.lines.map((l) => fc.integer({ min: 0, max: l.quantity }))), { maxLength: 6 }),
    ),
  );

  test('property: any sequence of returns nets the order to purchasePoints(kept), never below zero', () => {
    fc.assert(
      fc.property(ordersWithReturns, ([o, ratioCents, returns]) => {
        const earnedPoints = purchasePoints(eligibleCents(o), ratioCents);
        const returned = o.lines.map(() => 0);
        let deducted = 0;
        for (const step of returns) {
          step.forEach((units, i) => {
            returned[i] = Math.min(o.lines[i]!.quantity, returned[i]! + units);
          });
          const keptEligibleCents = eligibleCentsKept(o, returned);
          const now = returnDeduction({
            earnedPoints,
            alreadyDeducted: deducted,
            keptEligibleCents,
            ratioCents,
          });
          assert.ok(Number.isSafeInteger(now) && now >= 0);
          deducted += now;
          assert.ok(deducted <= earnedPoints);
          assert.equal(earnedPoints - deducted, purchasePoints(keptEligibleCents, ratioCents));
        }
      }),
    );
  });

  test('property: whatever was earned, total deductions stay within it', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 100_000 }),
        fc.array(fc.nat({ max: 10_000_000 }), { maxLength: 8 }),
        fc.constantFrom(10, 100, 1000),
        (earnedPoints, keptAmounts, ratioCents) => {
          let deducted = 0;
          for (const keptEligibleCents of keptAmounts) {
            const now = returnDeduction({
              earnedPoints,
              alreadyDeducted: deducted,
              keptEligibleCents,
              ratioCents,
            });
            assert.ok(now >= 0);
            deducted += now;
            assert.ok(deducted <= earnedPoints);
          }
        },
      ),
    );
  });
});
