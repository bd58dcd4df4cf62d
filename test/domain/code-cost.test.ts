import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { codeCostLimitOf, presetSettings, validateSettings } from '../../src/domain/program/settings.ts';
import { codeCost, codeCostShareBp } from '../../src/domain/simulation/code-cost.ts';

describe('what the codes cost as a share of members’ sales', () => {
  test('in basis points, rounded half up', () => {
    // 1,240.00 € of codes on 10,000.00 € of sales: 12.4 %.
    assert.equal(codeCostShareBp(124_000, 1_000_000), 1240);
    assert.equal(codeCostShareBp(0, 1_000_000), 0);
    // 1/3 = 3333.33… bp; 2/3 = 6666.67 bp.
    assert.equal(codeCostShareBp(1, 3), 3333);
    assert.equal(codeCostShareBp(2, 3), 6667);
    // Exactly half a basis point rounds up: 1 cent of 20,000 cents is 0.5 bp.
    assert.equal(codeCostShareBp(1, 20_000), 1);
    assert.equal(codeCostShareBp(1, 20_001), 0);
    // More codes than sales is more than 100 %.
    assert.equal(codeCostShareBp(3_000, 1_000), 30_000);
  });

  test('without sales there is no share', () => {
    assert.equal(codeCostShareBp(500, 0), null);
    assert.equal(codeCostShareBp(0, 0), null);
  });

  test('exact on amounts whose product with 10,000 passes 2^53', () => {
    // 60,000 billion euros of sales and half a basis point of it in codes: rounds up to 1.
    assert.equal(codeCostShareBp(300_000_000_000, 6_000_000_000_000_000), 1);
    assert.equal(codeCostShareBp(299_999_999_999, 6_000_000_000_000_000), 0);
    // 90 million euros of sales and 4,999,999.99 € of codes: 555.5555… bp.
    assert.equal(codeCostShareBp(499_999_999, 9_000_000_000), 556);
  });

  test('agrees with the exact fraction on any amounts', () => {
    // Codes up to 1,000 times the sales (a share of 10,000,000 bp): far past any real program.
    const amounts = fc
      .integer({ min: 1, max: Number.MAX_SAFE_INTEGER })
      .chain((sales) =>
        fc.tuple(
          fc.integer({ min: 0, max: Math.min(Number.MAX_SAFE_INTEGER, sales * 1000) }),
          fc.constant(sales),
        ),
      );
    fc.assert(
      fc.property(amounts, ([codes, sales]) => {
        const bp = BigInt(codeCostShareBp(codes, sales)!);
        // bp is the integer nearest to codes·10,000/sales, halves up: −sales ≤ 2·codes·10,000 − 2·bp·sales < sales.
        const twice = 2n * BigInt(codes) * 10_000n - 2n * bp * BigInt(sales);
        return twice >= -BigInt(sales) && twice < BigInt(sales);
      }),
      { numRuns: 2000 },
    );
  });

  test('refuses amounts that are not whole cents', () => {
    assert.throws(() => codeCostShareBp(1.5, 100), RangeError);
    assert.throws(() => codeCostShareBp(-1, 100), RangeError);
    assert.throws(() => codeCostShareBp(1, 0.5), RangeError);
  });

  test('over the limit only when the share passes it; any codes without sales are over it', () => {
    assert.equal(codeCost(100_000, 1_000_000, 1000).overLimit, false, 'exactly 10 % is within 10 %');
    assert.equal(codeCost(100_100, 1_000_000, 1000).overLimit, true, '10.01 %');
    assert.equal(codeCost(100_004, 1_000_000, 1000).overLimit, false, '10.0004 % is 1000 bp once rounded');
    assert.deepEqual(codeCost(124_000, 1_000_000, 1000), {
      codeValueCents: 124_000,
      memberSalesCents: 1_000_000,
      shareBp: 1240,
      limitBp: 1000,
      overLimit: true,
    });
    assert.equal(codeCost(500, 0, 1000).overLimit, true);
    assert.equal(codeCost(0, 0, 1000).overLimit, false);
  });
});

describe('the limit is a program setting', () => {
  test('10 % unless the program sets its own', () => {
    assert.equal(codeCostLimitOf(presetSettings()), 1000);
    assert.equal(codeCostLimitOf({ codeCostLimitBp: 750 }), 750);
  });

  test('from 1 basis point to 100 %, whole basis points', () => {
    const check = (codeCostLimitBp: unknown) =>
      validateSettings({ ...presetSettings(), codeCostLimitBp }, []).ok;
    assert.equal(check(1), true);
    assert.equal(check(10_000), true);
    assert.equal(check(0), false);
    assert.equal(check(10_001), false);
    assert.equal(check(12.5), false);
    assert.equal(check('1000'), false);
  });
});
