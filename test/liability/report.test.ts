import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pointsLiability } from '../../src/app/reports/liability.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { EXPECTED, liabilityShop, REPORT_NOW } from './support/liability-shop.ts';

describe('the points liability report of a shop in Helsinki', () => {
  const app = suiteFixture(async (): Promise<TestApp> => {
    const opened = await testApp(REPORT_NOW);
    try {
      await liabilityShop(opened.ctx, 'vastuu');
      // Another shop with the same customers, entries and codes, twice over: never in vastuu's figures.
      await liabilityShop(opened.ctx, 'toinen');
      await liabilityShop(opened.ctx, 'kolmas');
    } catch (error) {
      await opened.close();
      throw error;
    }
    opened.clock.set(REPORT_NOW);
    return opened;
  });

  test('the last twelve months and the current one to date, each month end exactly as the ledger and codes say', async () => {
    const report = await pointsLiability(app.ctx, 'vastuu');
    assert.equal(report.timeZone, 'Europe/Helsinki');
    assert.deepEqual(report.valuationTier, { points: 500, valueCents: 4000 });
    assert.deepEqual(
      report.months.map((m) => m.month),
      Object.keys(EXPECTED),
    );
    for (const m of report.months) {
      const x = EXPECTED[m.month]!;
      const what = `${m.month}`;
      assert.equal(m.points.outstanding, x.outstanding, `${what}: outstanding points`);
      assert.equal(m.points.members, x.members, `${what}: members with a positive balance`);
      assert.equal(m.points.negative, x.negative, `${what}: negative balances`);
      assert.equal(m.points.valueCents, x.outstanding * 8, `${what}: valued at 8 cents a point`);
      assert.deepEqual(
        m.codes.byExpiry.map((g) => [g.month, g.count, g.valueCents]),
        x.unused,
        `${what}: unused codes by expiry month`,
      );
      assert.equal(
        m.codes.unusedCents,
        x.unused.reduce((n, g) => n + g[2], 0),
        `${what}: unused value`,
      );
      assert.deepEqual([m.codes.expiredCount, m.codes.expiredCents], x.expired, `${what}: breakage`);
      assert.equal(m.codes.breakageRateBp, x.rateBp, `${what}: breakage rate`);
      assert.equal(m.codes.netUnusedCents, x.net, `${what}: unused net of breakage`);
      assert.equal(m.totalCents, x.outstanding * 8 + x.net, `${what}: the total owed`);
    }
  });

  test('month ends are 00:00 in Helsinki; the current month ends at the report’s moment', async () => {
    const report = await pointsLiability(app.ctx, 'vastuu');
    const january = report.months.find((m) => m.month === '2026-01')!;
    assert.equal(january.end.toISOString(), '2026-01-31T22:00:00.000Z');
    const june = report.months.at(-1)!;
    assert.equal(june.toDate, true);
    assert.equal(june.end.toISOString(), new Date(REPORT_NOW).toISOString());
    assert.equal(report.months.filter((m) => m.toDate).length, 1);
    const january2 = report.months.find((m) => m.month === '2026-01')!;
    assert.equal(january2.codes.usedCount, 1, 'K2 used in January');
    assert.equal(january2.codes.usedCents, 1500);
  });

  test('an unknown shop is refused as not found', async () => {
    await assert.rejects(pointsLiability(app.ctx, 'nobody'), { code: 'shop_not_found' });
  });
});
