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

  test('partial returns add up: the second return deducts only the difference', () => {
    assert.equal(
      returnDeduction({ earnedPoints: 59, alreadyDeducted: 25, keptEligibleCents: 3490, ratioCents: 100 }),
      0,
    );
    assert.equal(
      returnDeduction({ earnedPoints: 59, alreadyDeducted: 25, keptEligibleCents: 1000, ratioCents: 100 }),
      24,
    );
    assert.equal(
      returnDeduction({ earnedPoints: 59, alreadyDeducted: 49, keptEligibleCents: 0, ratioCents: 100 }),
      10,
    );
  });

  test('a full return takes back everything the order earned', () => {
    assert.equal(
      returnDeduction({ earnedPoints: 59, alreadyDeducted: 0, keptEligibleCents: 0, ratioCents: 100 }),
      59,
    );
  });

  test('never deducts more than the order earned', () => {
    // earned less than the kept goods are worth (e.g. the earning rules changed): nothing to take
    assert.equal(
      returnDeduction({ earnedPoints: 10, alreadyDeducted: 0, keptEligibleCents: 3490, ratioCents: 100 }),
      0,
    );
    assert.equal(
      returnDeduction({ earnedPoints: 59, alreadyDeducted: 70, keptEligibleCents: 0, ratioCents: 100 }),
      0,
    );
    assert.equal(
      returnDeduction({ earnedPoints: 0, alreadyDeducted: 0, keptEligibleCents: 0, ratioCents: 100 }),
      0,
    );
  });

  test('uses the program ratio', () => {
    assert.equal(
      returnDeduction({ earnedPoints: 599, alreadyDeducted: 0, keptEligibleCents: 3490, ratioCents: 10 }),
      250,
    );
  });

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
