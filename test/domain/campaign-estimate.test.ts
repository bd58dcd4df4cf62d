import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Campaign } from '../../src/domain/campaigns/campaign.ts';
import { rangeCalendar } from '../../src/domain/simulation/calendar.ts';
import {
  activityRow,
  campaignInHistory,
  extraPoints,
  type HistoryLine,
  historyOrderWeight,
} from '../../src/domain/simulation/campaign-estimate.ts';
import type { ShopHistory } from '../../src/domain/simulation/history.ts';
import {
  type SimulationRules,
  simulate,
  simulateWithCampaign,
} from '../../src/domain/simulation/simulate.ts';
import { type HistoryOrder, orderHistory } from '../support/order-history.ts';

const ZONE = 'Europe/Helsinki';
const campaign = (over: Partial<Campaign>): Campaign => ({
  id: 'c',
  name: 'Black Friday',
  multiplierPct: 200,
  // Friday 2026-11-27 00:00 to Tuesday 00:00, Helsinki.
  startsAt: new Date('2026-11-26T22:00:00Z'),
  endsAt: new Date('2026-11-30T22:00:00Z'),
  membersFrom: null,
  productIds: [],
  categories: [],
  storeVersionIds: [],
  ...over,
});
const line = (productId: string, category: string, cents: number): HistoryLine => ({
  productId,
  category,
  eligibleCents: cents,
  quantity: 1,
  returnedQuantity: 0,
});
// November and December 2025, Helsinki.
const HISTORY = { start: new Date('2025-10-31T22:00:00Z'), end: new Date('2025-12-31T22:00:00Z') };

describe('a planned campaign in the estimate', () => {
  test('its period moves back 52 weeks, onto the same weekdays a year before', () => {
    const shifted = campaignInHistory(campaign({}), HISTORY, ZONE)!;
    assert.deepEqual(shifted.startsAt, new Date('2025-11-27T22:00:00Z'), 'Friday 2025-11-28 00:00');
    assert.deepEqual(shifted.endsAt, new Date('2025-12-01T22:00:00Z'), 'Tuesday 2025-12-02 00:00');
    assert.equal(shifted.startsAt.getUTCDay(), 4, 'Thursday 22:00 UTC is Friday 00:00 in Helsinki');
  });

  test('a history shorter than a year takes its last matching weekdays', () => {
    const october = { start: new Date('2026-09-30T21:00:00Z'), end: new Date('2026-10-31T22:00:00Z') };
    const shifted = campaignInHistory(campaign({}), october, ZONE)!;
    assert.deepEqual(
      shifted.startsAt,
      new Date('2026-10-22T21:00:00Z'),
      'Friday 2026-10-23 00:00 (summer time)',
    );
    assert.ok(shifted.endsAt <= october.end);
  });

  const placedAt = new Date('2025-11-28T10:00:00Z');
  const shoesAndCap = [line('boot', 'shoes', 3000), line('cap', 'hats', 2000)];
  const weight = (campaigns: Campaign[]) =>
    historyOrderWeight(
      campaigns.map((c) => campaignInHistory(c, HISTORY, ZONE)!),
      { storeVersionId: 'fi', placedAt, lines: shoesAndCap },
    );

  test('a covered line earns ×2 and an uncovered one does not', () => {
    const shoes = weight([campaign({ categories: ['shoes'] })]);
    assert.equal(shoes, 3000 * 100);
    // 1 point per euro: 50 points plain, 80 with the shoes doubled.
    assert.equal(extraPoints(5000, shoes, 100), 30);
    assert.equal(weight([campaign({ storeVersionIds: ['en'] })]), 0, 'another store version');
    const before = weight([campaign({ startsAt: new Date('2026-11-28T22:00:00Z') })]);
    assert.equal(before, 0, 'an order placed before the campaign’s days');
  });

  test('overlapping campaigns give each line the highest multiplier, never their product', () => {
    const both = weight([
      campaign({ multiplierPct: 200 }),
      campaign({ multiplierPct: 300, categories: ['shoes'] }),
    ]);
    assert.equal(both, 3000 * 200 + 2000 * 100, 'shoes ×3, the cap ×2');
    assert.equal(extraPoints(5000, both, 100), 130 - 50);
  });

  test('the estimate with the campaign adds its points to the order’s month and converts them', () => {
    const calendar = rangeCalendar({ from: '2025-11-01', to: '2025-12-31' }, 61);
    const history = orderHistory(calendar, [[0, 28, 5000]]);
    const rules: SimulationRules = {
      purchaseRatioCents: 100,
      joinPoints: 0,
      reviewPoints: 0,
      tiers: [{ points: 60, valueCents: 500 }],
      storeVersionIds: ['fi'],
    };
    const extras = oneCoveredOrder(history, calendar, {
      customer: 0,
      day: 28,
      keptCents: 5000,
      weight: weight([campaign({ categories: ['shoes'] })]),
    });
    const without = simulate(history, calendar, rules, ['fi']);
    const withCampaign = simulateWithCampaign(history, calendar, rules, ['fi'], extras, without);
    assert.equal(without.totals.purchase, 50);
    assert.equal(without.codes.count, 0, '50 points reach no tier');
    assert.equal(withCampaign.totals.purchase, 80);
    assert.equal(withCampaign.codes.totalValueCents, 500, '80 points reach the 60-point tier');
    assert.equal(simulate(history, calendar, rules, ['fi']).totals.purchase, 50, 'the history stays as read');
  });

  test('only the covered customers are run again, and the result equals running everyone', () => {
    const calendar = rangeCalendar({ from: '2025-11-01', to: '2025-12-31' }, 61);
    // [customer, day, kept cents]: customer 1's Black Friday order (day 27) is the covered one.
    const orders: HistoryOrder[] = [
      [0, 3, 4000],
      [1, 27, 5000],
      [1, 40, 9000],
      [2, 35, 12000],
    ];
    const historyOf = (rows: HistoryOrder[]) =>
      orderHistory(calendar, rows, { customers: 3, joins: [[2, 2]] });
    const rules: SimulationRules = {
      purchaseRatioCents: 100,
      joinPoints: 10,
      reviewPoints: 0,
      tiers: [
        { points: 60, valueCents: 500 },
        { points: 100, valueCents: 1000 },
      ],
      storeVersionIds: ['fi'],
    };
    const history = historyOf(orders);
    const extras = oneCoveredOrder(history, calendar, {
      customer: 1,
      day: 27,
      keptCents: 5000,
      weight: 5000 * 100,
    });
    const fast = simulateWithCampaign(
      history,
      calendar,
      rules,
      ['fi'],
      extras,
      simulate(history, calendar, rules, ['fi']),
    );
    // ×2 on the whole order is the same as an order of twice the amount, run for everyone.
    const doubled = simulate(
      historyOf(orders.map((o) => (o[1] === 27 ? [o[0], o[1], 10000] : o))),
      calendar,
      rules,
      ['fi'],
    );
    assert.deepEqual(fast.totals, doubled.totals);
    assert.deepEqual(fast.codes, doubled.codes);
    assert.equal(fast.pointsOutstanding, doubled.pointsOutstanding);
    assert.deepEqual(fast.series, doubled.series);
    assert.ok(fast.codes.totalValueCents > simulate(history, calendar, rules, ['fi']).codes.totalValueCents);
  });
});

/** The campaign's extras of one covered order: its customer's activity row and day's cell, its kept cents and weight. */
function oneCoveredOrder(
  history: ShopHistory,
  calendar: ReturnType<typeof rangeCalendar>,
  order: { customer: number; day: number; keptCents: number; weight: number },
) {
  return {
    customer: Int32Array.of(order.customer),
    row: Int32Array.of(activityRow(history.activity, order.customer, calendar.monthOfDay[order.day]!, 0)),
    cell: Int32Array.of(calendar.bucketOfDay[order.day]!),
    keptCents: Float64Array.of(order.keptCents),
    weight: Float64Array.of(order.weight),
  };
}
