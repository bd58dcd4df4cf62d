import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { conversionSteps, convertBalance } from '../../src/domain/conversion/monthly-conversion.ts';
import { presetSettings, type RewardTier } from '../../src/domain/program/settings.ts';

const tiers = presetSettings().tiers;

describe('convertBalance', () => {
  test('SPEC: 620 points → one 40 EUR code and 120 left', () => {
    assert.deepEqual(convertBalance(620, tiers), {
      tier: { points: 500, valueCents: 4000 },
      pointsCost: 500,
      valueCents: 4000,
      rest: 120,
    });
  });

  test('SPEC: next month 120 points → 5 EUR code and 20 left', () => {
    const result = convertBalance(120, tiers);
    assert.equal(result?.valueCents, 500);
    assert.equal(result?.rest, 20);
  });

  test('SPEC: 1,400 points → still one 40 EUR code, 900 left', () => {
    const result = convertBalance(1400, tiers);
    assert.equal(result?.valueCents, 4000);
    assert.equal(result?.pointsCost, 500);
    assert.equal(result?.rest, 900);
  });

  test('a balance exactly on a tier converts all of it', () => {
    assert.equal(convertBalance(100, tiers)?.rest, 0);
    assert.equal(convertBalance(250, tiers)?.valueCents, 1500);
    assert.equal(convertBalance(500, tiers)?.valueCents, 4000);
  });

  test('just under a tier gets the tier below', () => {
    const result = convertBalance(499, tiers);
    assert.equal(result?.valueCents, 1500);
    assert.equal(result?.rest, 249);
  });

  test('small, zero and negative balances get nothing', () => {
    assert.equal(convertBalance(99, tiers), null);
    assert.equal(convertBalance(0, tiers), null);
    assert.equal(convertBalance(-40, tiers), null);
  });

  test('tiers may be given in any order', () => {
    const shuffled = [tiers[2]!, tiers[0]!, tiers[1]!];
    assert.equal(convertBalance(620, shuffled)?.valueCents, 4000);
    assert.equal(convertBalance(300, shuffled)?.valueCents, 1500);
  });

  test('no tiers, no code', () => {
    assert.equal(convertBalance(1000, []), null);
  });

  test('rejects a fractional balance', () => {
    assert.throws(() => convertBalance(100.5, tiers), RangeError);
  });

  test('converting month after month issues one code a month until the balance is too small', () => {
    let balance = 1400;
    const codes: number[] = [];
    for (let month = 0; month < 12; month++) {
      const result = convertBalance(balance, tiers);
      if (!result) break;
      codes.push(result.valueCents);
      balance = result.rest;
    }
    assert.deepEqual(codes, [4000, 4000, 1500, 500]);
    assert.equal(balance, 50);
  });

  const tierLists = fc.array(
    fc.record({
      points: fc.integer({ min: 1, max: 5000 }),
      valueCents: fc.integer({ min: 1, max: 100_000 }),
    }),
    { minLength: 1, maxLength: 6 },
  );
  /** Checks `check` on any balance, negative ones too, against any list of tiers. */
  const forAnyBalanceAndTiers = (
    // biome-ignore lint/suspicious/noConfusingVoidType: as fast-check's predicates, which pass by returning nothing or true
    check: (balance: number, tierList: RewardTier[]) => boolean | void,
  ) => fc.assert(fc.property(fc.integer({ min: -10_000, max: 1_000_000 }), tierLists, check));

  test('property: one tier at most, the highest reachable, rest = balance − cost ≥ 0', () => {
    forAnyBalanceAndTiers((balance, tierList) => {
      const result = convertBalance(balance, tierList);
      const reachable = tierList.filter((tier) => tier.points <= balance);
      if (reachable.length === 0) {
        assert.equal(result, null);
        return;
      }
      assert.ok(result);
      assert.ok(tierList.includes(result.tier));
      assert.equal(result.pointsCost, result.tier.points);
      assert.equal(result.valueCents, result.tier.valueCents);
      assert.equal(result.rest, balance - result.pointsCost);
      assert.ok(result.rest >= 0 && result.rest < balance);
      assert.equal(result.pointsCost, Math.max(...reachable.map((tier) => tier.points)));
    });
  });

  test('conversionSteps: one step per distinct price, cheapest first, each what convertBalance picks there', () => {
    assert.deepEqual(conversionSteps(tiers), [
      { from: 100, index: 0, points: 100, valueCents: 500 },
      { from: 250, index: 1, points: 250, valueCents: 1500 },
      { from: 500, index: 2, points: 500, valueCents: 4000 },
    ]);
    const unsorted = [
      { points: 500, valueCents: 4000 },
      { points: 100, valueCents: 500 },
      { points: 100, valueCents: 700 },
      { points: 100, valueCents: 700 },
    ];
    assert.deepEqual(conversionSteps(unsorted), [
      { from: 100, index: 2, points: 100, valueCents: 700 },
      { from: 500, index: 0, points: 500, valueCents: 4000 },
    ]);
  });

  test("property: between two steps convertBalance picks the lower step's tier", () => {
    forAnyBalanceAndTiers((balance, tierList) => {
      const step = conversionSteps(tierList).findLast((s) => s.from <= balance);
      const result = convertBalance(balance, tierList);
      if (!step) return result === null;
      return (
        result !== null &&
        tierList.indexOf(result.tier) === step.index &&
        result.rest === balance - step.points
      );
    });
  });
});
