import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { expiryMonth, liabilityMonths } from '../../src/domain/liability/liability-months.ts';
import { liabilityReport } from '../../src/domain/liability/liability-report.ts';
import {
  bestTier,
  breakageRateBp,
  mulDivRound,
  netOfBreakage,
  pointsValueCents,
} from '../../src/domain/liability/valuation.ts';

/** Any balance, a tier's points and its value, and any sum of cents the breakage figures hold. */
const anyPoints = fc.integer({ min: 0, max: 10_000_000 });
const anyTierPoints = fc.integer({ min: 1, max: 100_000 });
const anyTierValueCents = fc.integer({ min: 1, max: 1_000_000 });
const anyCents = fc.integer({ min: 0, max: 1e9 });

describe('valuing outstanding points', () => {
  test('the tier with the most euros per point, whatever its place in the list', () => {
    const tiers = [
      { points: 100, valueCents: 500 },
      { points: 250, valueCents: 1500 },
      { points: 500, valueCents: 4000 },
    ];
    assert.deepEqual(bestTier(tiers), { points: 500, valueCents: 4000 });
    assert.deepEqual(bestTier([tiers[2]!, tiers[0]!]), { points: 500, valueCents: 4000 });
    // 300 points for 30 € is 10 c a point, better than 500 for 40 € (8 c).
    assert.deepEqual(bestTier([...tiers, { points: 300, valueCents: 3000 }]), {
      points: 300,
      valueCents: 3000,
    });
    assert.equal(bestTier([]), null);
  });

  test('points at the tier’s rate, to the nearest cent', () => {
    assert.equal(pointsValueCents(550, { points: 500, valueCents: 4000 }), 4400);
    // 7 points at 15 € / 250 = 42 cents exactly; 1 point = 6 cents.
    assert.equal(pointsValueCents(7, { points: 250, valueCents: 1500 }), 42);
    // 1 point at 5 € / 300 = 1.67 cents → 2.
    assert.equal(pointsValueCents(1, { points: 300, valueCents: 500 }), 2);
    assert.equal(pointsValueCents(0, { points: 300, valueCents: 500 }), 0);
  });

  test('exact beyond 2^53: the product is taken in BigInt', () => {
    assert.equal(mulDivRound(2 ** 50, 1000, 1000), 2 ** 50);
    assert.equal(mulDivRound(-5, 1, 2), -3, 'half away from zero');
    assert.equal(mulDivRound(5, 1, 2), 3);
  });

  test('a balance’s value is within half a cent of its exact value at the tier’s rate', () => {
    fc.assert(
      fc.property(anyPoints, anyTierPoints, anyTierValueCents, (points, tierPoints, valueCents) => {
        const v = pointsValueCents(points, { points: tierPoints, valueCents });
        const exact = (points * valueCents) / tierPoints;
        assert.ok(Math.abs(v - exact) <= 0.5 + 1e-9, `${v} vs ${exact}`);
      }),
    );
  });
});

describe('breakage', () => {
  test('the rate is expired unused over expired or used, by value; none without history', () => {
    assert.equal(breakageRateBp({ expiredCents: 1000, decidedCents: 4000 }), 2500);
    assert.equal(breakageRateBp({ expiredCents: 1000, decidedCents: 5500 }), 1818);
    assert.equal(breakageRateBp({ expiredCents: 0, decidedCents: 0 }), null);
  });

  test('unused value net of the expected breakage', () => {
    assert.equal(netOfBreakage(1500, { expiredCents: 1000, decidedCents: 4000 }), 1125);
    assert.equal(
      netOfBreakage(1500, { expiredCents: 0, decidedCents: 0 }),
      1500,
      'no history: all expected used',
    );
    assert.equal(netOfBreakage(1500, { expiredCents: 4000, decidedCents: 4000 }), 0);
    fc.assert(
      fc.property(anyCents, anyCents, anyCents, (unused, expired, used) => {
        const net = netOfBreakage(unused, { expiredCents: expired, decidedCents: expired + used });
        assert.ok(net >= 0 && net <= unused);
      }),
    );
  });
});

describe('the report’s months in the shop’s zone', () => {
  test('twelve whole months and the current one to date; ends at 00:00 local', () => {
    const now = new Date('2026-06-15T10:00:00Z');
    const { months, bounds } = liabilityMonths(now, 'Europe/Helsinki');
    assert.equal(months.length, 13);
    assert.equal(months[0], '2025-06');
    assert.equal(months[12], '2026-06');
    assert.equal(bounds.length, 14);
    assert.equal(bounds[0]!.toISOString(), '2025-05-31T21:00:00.000Z');
    assert.equal(bounds[8]!.toISOString(), '2026-01-31T22:00:00.000Z', 'January ends at 00:00 EET');
    assert.equal(bounds[13], now);
  });

  test('a code expiring at 00:00 on 1 March expires in February', () => {
    assert.equal(expiryMonth(new Date('2026-02-28T22:00:00Z'), 'Europe/Helsinki'), '2026-02');
    assert.equal(expiryMonth(new Date('2026-02-28T22:00:01Z'), 'Europe/Helsinki'), '2026-03');
  });

  test('an unknown zone is refused', () => {
    assert.throws(() => liabilityMonths(new Date(), 'Mars/Olympus'), RangeError);
  });
});

describe('folding the month buckets', () => {
  const months = liabilityMonths(new Date('2026-06-15T10:00:00Z'), 'Europe/Helsinki');
  const tiers = [{ points: 100, valueCents: 500 }];

  const none = { positivePoints: 0, members: 0, negativePoints: 0 };
  const noBalances = Array.from({ length: 13 }, () => none);

  test('each month end’s balances, valued at the best tier, with what members owe apart', () => {
    const balances = noBalances.map((b, i) =>
      i < 4 ? { positivePoints: 200, members: 1, negativePoints: 0 } : b,
    );
    balances[5] = { positivePoints: 0, members: 0, negativePoints: -30 };
    const report = liabilityReport({
      months,
      timeZone: 'Europe/Helsinki',
      tiers,
      balances,
      codeSpans: [],
      outcomes: [],
    });
    assert.deepEqual(
      report.map((m) => [m.points.outstanding, m.points.members, m.points.negative, m.points.valueCents]),
      balances.map((b) => [b.positivePoints, b.members, b.negativePoints, b.positivePoints * 5]),
    );
    assert.equal(report[5]!.totalCents, 0, 'points owed are not netted against the liability');
    assert.equal(report[12]!.codes.breakageRateBp, null);
    assert.throws(() =>
      liabilityReport({
        months,
        timeZone: 'Europe/Helsinki',
        tiers,
        balances: [],
        codeSpans: [],
        outcomes: [],
      }),
    );
  });

  test('a code is unused at the month ends from its issue up to its use, expiry or voiding', () => {
    const report = liabilityReport({
      months,
      timeZone: 'Europe/Helsinki',
      tiers,
      balances: noBalances,
      codeSpans: [
        { from: 2, to: 4, expiresAt: new Date('2025-09-30T21:00:00Z'), count: 2, valueCents: 1000 },
      ],
      outcomes: [],
    });
    assert.deepEqual(
      report.map((m) => m.codes.unusedCents),
      [0, 1000, 1000, ...Array.from({ length: 10 }, () => 0)],
    );
    assert.deepEqual(report[1]!.codes.byExpiry, [{ month: '2025-09', count: 2, valueCents: 1000 }]);
  });

  test('without tiers (no program) points have no value and the total none either', () => {
    const report = liabilityReport({
      months,
      timeZone: 'Europe/Helsinki',
      tiers: [],
      balances: noBalances.map(() => ({ positivePoints: 10, members: 1, negativePoints: 0 })),
      codeSpans: [],
      outcomes: [],
    });
    assert.equal(report[0]!.points.valueCents, null);
    assert.equal(report[0]!.totalCents, null);
  });
});
