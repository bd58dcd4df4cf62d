import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { prorate } from '../../src/domain/earning/prorate.ts';

describe('prorate', () => {
  test('splits exactly when the proportions divide evenly', () => {
    assert.deepEqual(prorate(1000, [1, 1, 2]), [250, 250, 500]);
  });

  test('gives leftover units to the largest remainders', () => {
    // exact shares 1.67, 3.33, 5
    assert.deepEqual(prorate(10, [1, 2, 3]), [2, 3, 5]);
    // exact shares 427.75 and 572.25
    assert.deepEqual(prorate(1000, [2990, 4000]), [428, 572]);
  });

  test('breaks ties in favour of the earlier index', () => {
    assert.deepEqual(prorate(1, [1, 1]), [1, 0]);
    assert.deepEqual(prorate(2, [1, 1, 1]), [1, 1, 0]);
    assert.deepEqual(prorate(1, [0, 3, 3]), [0, 1, 0]);
  });

  test('a total of 0 gives all zeros', () => {
    assert.deepEqual(prorate(0, [5, 7]), [0, 0]);
    assert.deepEqual(prorate(0, []), []);
  });

  test('all-zero weights put the whole total on the first part', () => {
    assert.deepEqual(prorate(5, [0, 0, 0]), [5, 0, 0]);
    assert.deepEqual(prorate(0, [0, 0]), [0, 0]);
  });

  test('refuses to split a non-zero total over no parts', () => {
    assert.throws(() => prorate(1, []), RangeError);
  });

  test('rejects negative or fractional input', () => {
    assert.throws(() => prorate(-1, [1]), RangeError);
    assert.throws(() => prorate(1.5, [1]), RangeError);
    assert.throws(() => prorate(10, [1, -1]), RangeError);
    assert.throws(() => prorate(10, [0.5]), RangeError);
  });

  test('stays exact where total × weight exceeds the safe integer range', () => {
    const big = Number.MAX_SAFE_INTEGER;
    assert.deepEqual(prorate(big, [big, big]), [(big + 1) / 2, (big - 1) / 2]);
    assert.deepEqual(prorate(big - 1, [1, big - 1]), [1, big - 2]);
  });

  const totals = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.maxSafeNat());
  const weightLists = fc.array(fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.maxSafeNat()), {
    minLength: 1,
    maxLength: 12,
  });

  test('property: parts are non-negative integers that sum to the total', () => {
    fc.assert(
      fc.property(totals, weightLists, (total, weights) => {
        const parts = prorate(total, weights);
        assert.equal(parts.length, weights.length);
        for (const part of parts) assert.ok(Number.isSafeInteger(part) && part >= 0);
        assert.equal(
          parts.reduce((sum, part) => sum + BigInt(part), 0n),
          BigInt(total),
        );
      }),
    );
  });

  test('property: each part is within one unit of its exact proportional share', () => {
    fc.assert(
      fc.property(totals, weightLists, (total, weights) => {
        const weightSum = weights.reduce((sum, w) => sum + BigInt(w), 0n);
        fc.pre(weightSum > 0n);
        prorate(total, weights).forEach((part, i) => {
          const exactTimesSum = BigInt(total) * BigInt(weights[i]!);
          const error = BigInt(part) * weightSum - exactTimesSum;
          assert.ok(error > -weightSum && error < weightSum, `part ${i} is ${part}`);
          if (weights[i] === 0) assert.equal(part, 0);
        });
      }),
    );
  });
});
