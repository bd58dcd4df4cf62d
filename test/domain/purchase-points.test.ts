import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { purchasePoints } from '../../src/domain/earning/purchase-points.ts';

describe('purchasePoints', () => {
  test('SPEC: 59.90 eligible at 1 pt / 1 EUR earns 59 points', () => {
    assert.equal(purchasePoints(5990, 100), 59);
  });

  test('SPEC: 34.90 kept at 1 pt / 1 EUR is worth 34 points', () => {
    assert.equal(purchasePoints(3490, 100), 34);
  });

  test('the three ratios: per 0.10, 1 and 10 EUR', () => {
    assert.equal(purchasePoints(5990, 10), 599);
    assert.equal(purchasePoints(5999, 10), 599);
    assert.equal(purchasePoints(5990, 1000), 5);
  });

  test('rounds down at the boundary', () => {
    assert.equal(purchasePoints(99, 100), 0);
    assert.equal(purchasePoints(100, 100), 1);
    assert.equal(purchasePoints(199, 100), 1);
  });

  test('zero and negative amounts earn nothing', () => {
    assert.equal(purchasePoints(0, 100), 0);
    assert.equal(purchasePoints(-500, 100), 0);
  });

  test('is exact for very large amounts', () => {
    assert.equal(purchasePoints(Number.MAX_SAFE_INTEGER, 10), 900719925474099);
  });

  test('one cent short of a whole point never rounds up, whatever the amount and ratio', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.maxSafeNat(), (ratio, n) => {
        const multiple = BigInt(n) - (BigInt(n) % BigInt(ratio));
        if (multiple === 0n) return;
        const points = purchasePoints(Number(multiple - 1n), ratio);
        assert.equal(BigInt(points), multiple / BigInt(ratio) - 1n);
      }),
      { numRuns: 2000 },
    );
  });

  test('rejects a missing or fractional ratio and fractional amounts', () => {
    assert.throws(() => purchasePoints(100, 0), RangeError);
    assert.throws(() => purchasePoints(100, -100), RangeError);
    assert.throws(() => purchasePoints(100, 0.5), RangeError);
    assert.throws(() => purchasePoints(10.5, 100), RangeError);
  });

  test('property: points × ratio ≤ eligible < (points + 1) × ratio', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.constantFrom(10, 100, 1000), (eligible, ratio) => {
        const points = BigInt(purchasePoints(eligible, ratio));
        assert.ok(points * BigInt(ratio) <= BigInt(eligible));
        assert.ok(BigInt(eligible) < (points + 1n) * BigInt(ratio));
      }),
    );
  });
});
