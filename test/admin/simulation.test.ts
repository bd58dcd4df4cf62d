import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { approveReview, submitReview } from '../../src/app/reviews/reviews.ts';
import { type EstimateInput, estimateProgram } from '../../src/app/simulation/estimate.ts';
import { HistoryCache } from '../../src/app/simulation/history-cache.ts';
import { parseRows, parseSlicesInOrder } from '../../src/app/simulation/parse-columns.ts';
import { convertBalance } from '../../src/domain/conversion/monthly-conversion.ts';
import { purchasePoints } from '../../src/domain/earning/purchase-points.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { rangeCalendar } from '../../src/domain/simulation/calendar.ts';
import {
  type DateRange,
  dayStarts,
  lastMonths,
  previousMonth,
  resolveRange,
} from '../../src/domain/simulation/date-range.ts';
import { buildHistory } from '../../src/domain/simulation/history.ts';
import { estimateVersions, type SimulationRules, simulate } from '../../src/domain/simulation/simulate.ts';
import { tierFor, tierTable } from '../../src/domain/simulation/tier-table.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { type HistoryOrder, orderHistory } from '../support/order-history.ts';
import { historyShop } from './support/history.ts';

const TIERS = [
  { points: 100, valueCents: 500 },
  { points: 250, valueCents: 1500 },
  { points: 500, valueCents: 4000 },
];
const rules = (over: Partial<SimulationRules> = {}): SimulationRules => ({
  purchaseRatioCents: 100,
  joinPoints: 50,
  reviewPoints: 20,
  tiers: TIERS,
  storeVersionIds: ['fi', 'en'],
  ...over,
});

/** The estimate for version 'fi' of orders alone, in a range of `days` days, no points for joining. */
function simulateOrders(
  range: DateRange,
  days: number,
  orders: HistoryOrder[],
  over: Partial<SimulationRules> = {},
) {
  const calendar = rangeCalendar(range, days);
  return simulate(orderHistory(calendar, orders), calendar, rules({ joinPoints: 0, ...over }), ['fi']);
}

describe('estimate rules over arrays', () => {
  test('calendar: a month is shown per day and converts at its end; a partial month does not', () => {
    const may = rangeCalendar({ from: '2026-05-01', to: '2026-05-31' }, 31);
    assert.equal(may.granularity, 'day');
    assert.equal(may.buckets.length, 31);
    assert.deepEqual(may.months, ['2026-05']);
    assert.deepEqual(may.convertsAfterMonth, [true]);
    const part = rangeCalendar({ from: '2026-05-10', to: '2026-06-20' }, 42);
    assert.deepEqual(part.months, ['2026-05', '2026-06']);
    assert.deepEqual(part.convertsAfterMonth, [true, false]);
    const year = rangeCalendar({ from: '2025-06-01', to: '2026-05-31' }, 365);
    assert.equal(year.granularity, 'month');
    assert.equal(year.buckets.length, 12);
    assert.equal(year.convertsAfterMonth.filter(Boolean).length, 12);
    const quarter = rangeCalendar({ from: '2026-03-01', to: '2026-05-31' }, 92);
    assert.equal(quarter.granularity, 'week');
    assert.equal(quarter.buckets[0]!.from, '2026-03-01');
    assert.equal(quarter.buckets[1]!.from, '2026-03-02', 'weeks start on Monday');
  });

  test('default ranges are whole calendar months in the shop zone', () => {
    // 23:30 UTC on May 31 is already June 1 in Helsinki.
    const now = new Date('2026-05-31T23:30:00Z');
    assert.deepEqual(previousMonth(now, 'Europe/Helsinki'), { from: '2026-05-01', to: '2026-05-31' });
    assert.deepEqual(previousMonth(now, 'UTC'), { from: '2026-04-01', to: '2026-04-30' });
    assert.deepEqual(lastMonths(new Date('2026-02-10T12:00:00Z'), 'Europe/Helsinki', 3), {
      from: '2025-11-01',
      to: '2026-01-31',
    });
    const r = resolveRange({ from: '2026-03-01', to: '2026-03-31' }, 'Europe/Helsinki');
    assert.equal(r.start.toISOString(), '2026-02-28T22:00:00.000Z');
    assert.equal(r.end.toISOString(), '2026-03-31T21:00:00.000Z', 'summer time began on March 29');
    assert.throws(() => resolveRange({ from: '2026-03-02', to: '2026-03-01' }, 'UTC'), DomainError);
    assert.throws(() => resolveRange({ from: '2026-13-01', to: '2026-03-01' }, 'UTC'), DomainError);
    assert.throws(() => resolveRange({ from: '2020-01-01', to: '2026-03-01' }, 'UTC'), DomainError);
  });

  test('each local day starts at local midnight, across the change to summer time', () => {
    const r = resolveRange({ from: '2026-03-28', to: '2026-03-30' }, 'Europe/Helsinki');
    assert.deepEqual(
      dayStarts(r, 'Europe/Helsinki').map((d) => d.toISOString()),
      ['2026-03-27T22:00:00.000Z', '2026-03-28T22:00:00.000Z', '2026-03-29T21:00:00.000Z'],
    );
    const kathmandu = resolveRange({ from: '2026-01-01', to: '2026-01-02' }, 'Asia/Kathmandu');
    assert.deepEqual(
      dayStarts(kathmandu, 'Asia/Kathmandu').map((d) => d.toISOString()),
      ['2025-12-31T18:15:00.000Z', '2026-01-01T18:15:00.000Z'],
    );
  });

  test('one code a month for the highest tier reached; the rest carries over to the next month', () => {
    // Customer 0 earns 1,400 in January: one 40 € code, 900 left; in February nothing new: another
    // 40 € code, 400 left. Customer 1 earns 99 in January and 1 in February: a 5 € code in March.
    const result = simulateOrders({ from: '2026-01-01', to: '2026-02-28' }, 59, [
      [1, 40, 100],
      [0, 3, 140000],
      [1, 10, 9999],
    ]);
    assert.equal(result.totals.purchase, 1500);
    assert.deepEqual(
      result.codes.tiers.map((t) => t.count),
      [1, 0, 2],
    );
    assert.equal(result.codes.totalValueCents, 8500);
    assert.equal(result.pointsConverted, 1100);
    assert.equal(result.pointsOutstanding, 400);
    assert.equal(result.codes.conversions, 2);
    assert.equal(
      result.series.purchase.reduce((a, b) => a + b, 0),
      1500,
    );
    assert.equal(result.series.purchase[3], 1400);
  });

  test('the estimate equals the rules applied event by event, month by month, on any history', () => {
    const calendar = rangeCalendar({ from: '2026-01-10', to: '2026-04-30' }, 111);
    const versions = ['fi', 'en', 'b2b'];
    const customers = 12;
    const event = fc.record({
      customer: fc.nat({ max: customers - 1 }),
      day: fc.nat({ max: calendar.days - 1 }),
      version: fc.constantFrom(0, 1, 2, 255),
    });
    const history = fc.record({
      orders: fc.array(fc.record({ event, keptCents: fc.integer({ min: -500, max: 90_000 }) }), {
        maxLength: 60,
      }),
      joins: fc.uniqueArray(event, { selector: (e) => e.customer, maxLength: customers }),
      reviews: fc.array(event, { maxLength: 20 }),
    });
    const settings = fc.record({
      ratio: fc.constantFrom(10 as const, 100 as const, 1000 as const),
      join: fc.nat({ max: 300 }),
      review: fc.nat({ max: 300 }),
      tierPoints: fc.uniqueArray(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 4 }),
      selected: fc.subarray(versions),
    });
    fc.assert(
      fc.property(history, settings, (h, s) => {
        const tiers = [...s.tierPoints]
          .sort((a, b) => a - b)
          .map((points, i) => ({ points, valueCents: 100 * (i + 1) }));
        const built = buildHistory(calendar, {
          customers,
          versions,
          orders: {
            customer: Int32Array.from(h.orders, (o) => o.event.customer),
            day: Uint16Array.from(h.orders, (o) => o.event.day),
            keptCents: Float64Array.from(h.orders, (o) => o.keptCents),
            version: Uint8Array.from(h.orders, (o) => o.event.version),
          },
          joins: {
            customer: Int32Array.from(h.joins, (j) => j.customer),
            day: Uint16Array.from(h.joins, (j) => j.day),
          },
          reviews: {
            customer: Int32Array.from(h.reviews, (r) => r.customer),
            day: Uint16Array.from(h.reviews, (r) => r.day),
            version: Uint8Array.from(h.reviews, (r) => r.version),
          },
        });
        const fast = simulate(
          built,
          calendar,
          {
            purchaseRatioCents: s.ratio,
            joinPoints: s.join,
            reviewPoints: s.review,
            tiers,
            storeVersionIds: s.selected,
          },
          s.selected,
        );

        // The same rules, one event at a time.
        const counts = (e: { version: number }) => s.selected.includes(versions[e.version] ?? '');
        const balance = new Array<number>(customers).fill(0);
        const members = new Set<number>();
        const tierCounts = tiers.map(() => 0);
        const series = {
          purchase: calendar.buckets.map(() => 0),
          join: calendar.buckets.map(() => 0),
          review: calendar.buckets.map(() => 0),
        };
        let converted = 0;
        const earn = (kind: keyof typeof series, customer: number, day: number, points: number) => {
          balance[customer]! += points;
          series[kind][calendar.bucketOfDay[day]!]! += points;
          members.add(customer);
        };
        calendar.months.forEach((_, m) => {
          const inMonth = (e: { day: number }) => calendar.monthOfDay[e.day] === m;
          for (const o of h.orders)
            if (inMonth(o.event) && counts(o.event))
              earn('purchase', o.event.customer, o.event.day, purchasePoints(o.keptCents, s.ratio));
          for (const j of h.joins) if (inMonth(j)) earn('join', j.customer, j.day, s.join);
          for (const r of h.reviews) if (inMonth(r) && counts(r)) earn('review', r.customer, r.day, s.review);
          if (!calendar.convertsAfterMonth[m]) return;
          balance.forEach((points, c) => {
            const conversion = convertBalance(points, tiers);
            if (!conversion) return;
            balance[c] = conversion.rest;
            converted += conversion.pointsCost;
            tierCounts[tiers.indexOf(conversion.tier)]!++;
          });
        });
        assert.deepEqual(fast.series, series);
        assert.deepEqual(
          fast.codes.tiers.map((t) => t.count),
          tierCounts,
        );
        assert.equal(fast.pointsConverted, converted);
        assert.equal(
          fast.pointsOutstanding,
          balance.reduce((a, b) => a + b, 0),
        );
        assert.equal(fast.counted.members, members.size);
        assert.equal(fast.counted.orders, h.orders.filter((o) => counts(o.event)).length);
        assert.equal(
          fast.memberSalesCents,
          h.orders.filter((o) => counts(o.event)).reduce((sum, o) => sum + o.keptCents, 0),
        );
        assert.equal(fast.counted.reviews, h.reviews.filter(counts).length);
        assert.equal(fast.counted.joins, h.joins.length);
      }),
      { numRuns: 300 },
    );
  });

  test('a month worth more points than 32 bits hold is counted exactly', () => {
    const result = simulateOrders(
      { from: '2026-01-01', to: '2026-01-31' },
      31,
      [
        [0, 1, 30_000_000_000],
        [0, 2, 7],
        [1, 3, 1_000],
      ],
      { purchaseRatioCents: 10 },
    );
    assert.equal(result.totals.purchase, 3_000_000_100);
    // Customer 0 converts once into the 500-point tier; customer 1's 100 points into the 100-point one.
    assert.equal(result.pointsConverted, 600);
    assert.equal(result.pointsOutstanding, 2_999_999_500);
  });

  test('the fast tier choice always agrees with the monthly conversion rule', () => {
    const tier = fc.record({
      points: fc.integer({ min: 1, max: 2000 }),
      valueCents: fc.integer({ min: 1, max: 20000 }),
    });
    fc.assert(
      fc.property(
        fc.array(tier, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: -500, max: 5000 }),
        (tiers, balance) => {
          const table = tierTable(tiers);
          const index = tierFor(table.order, table.points, balance);
          const expected = convertBalance(balance, tiers);
          if (!expected) return index === -1;
          return (
            index >= 0 &&
            tiers[index]!.points === expected.pointsCost &&
            tiers[index]!.valueCents === expected.valueCents
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('orders of versions not counted and negative days are refused', () => {
    const calendar = rangeCalendar({ from: '2026-01-01', to: '2026-01-31' }, 31);
    assert.throws(() => orderHistory(calendar, [[0, 31, 1]]));
    assert.deepEqual(
      estimateVersions(
        [],
        [
          { id: 'fi', requiresLogin: false },
          { id: 'b2b', requiresLogin: true },
        ],
      ),
      { versionIds: ['fi'], allVersionsAssumed: true },
    );
  });

  test('rows written by the database are read back exactly, whatever the keys hold', () => {
    const parsed = parseRows('1,2,3;40,-5,6000000000', 3);
    assert.equal(parsed.rows, 2);
    assert.deepEqual(Array.from(parsed.values[2]!), [3, 6000000000]);
    assert.deepEqual(Array.from(parsed.values[1]!), [2, -5]);
    assert.equal(parseRows(null, 2).rows, 0);
    assert.throws(() => parseRows('1,2;3', 2));
    const keys = new Map<string, number>();
    const keyed = parseRows('7,3:a;b;8,1:😀;9,3:a;b;10,1:,', 1, keys);
    assert.equal(keyed.rows, 4);
    assert.deepEqual(Array.from(keyed.values[0]!), [7, 8, 9, 10]);
    assert.deepEqual(Array.from(keyed.keys), [0, 1, 0, 2]);
    assert.deepEqual([...keys.keys()], ['a;b', '😀', ',']);
  });

  test('slices of one scan read as the whole, keys numbered in slice order whatever arrives first', async () => {
    const whole = parseRows('1,1:x;2,1:y;3,1:x;4,1:z;5,1:w', 1, new Map());
    const late = new Promise<string>((resolve) => setTimeout(() => resolve('1,1:x;2,1:y'), 20));
    const keys = new Map<string, number>();
    const sliced = await parseSlicesInOrder(
      [late, Promise.resolve(null), Promise.resolve('3,1:x;4,1:z;5,1:w')],
      1,
      keys,
    );
    assert.equal(sliced.rows, 5);
    assert.deepEqual(Array.from(sliced.values[0]!), Array.from(whole.values[0]!));
    assert.deepEqual(Array.from(sliced.keys), Array.from(whole.keys));
    assert.deepEqual([...keys.keys()], ['x', 'y', 'z', 'w']);
    await assert.rejects(parseSlicesInOrder([late, Promise.reject(new Error('lost'))], 1, new Map()), /lost/);
  });
});

describe('estimate on a shop history', () => {
  let app: TestApp;
  before(async () => {
    app = await testApp();
    await historyShop(app.ctx, app.clock, 'sim');
  });
  after(() => app.close());
  const may = { from: '2026-05-01', to: '2026-05-31' };
  /** The estimate of shop 'sim' in Helsinki time: May at the default rules unless told otherwise. */
  const estimate = (input: Partial<EstimateInput> = {}, cache?: HistoryCache) =>
    estimateProgram(
      app.ctx,
      { shopId: 'sim', range: may, timeZone: 'Europe/Helsinki', rules: rules(), ...input },
      cache,
    );

  test('May at 1 point per euro, as worked out by hand', async () => {
    const cache = new HistoryCache({ maxEntries: 2, ttlMs: 60_000 });
    const r = await estimate({}, cache);
    const e = r.estimate;
    // 150 + 120 + 99 + 200 (o9 keeps 200.00 of 250.00)
    assert.equal(e.totals.purchase, 569);
    assert.equal(e.totals.join, 100, 'c4 and c6 registered in May (c6 at 00:30 local)');
    assert.equal(e.totals.review, 60, 'o1 once, o3, and the April order o8');
    assert.equal(e.totals.all, 729);
    assert.equal(e.series.purchase[4], 150, 'May 5');
    assert.equal(e.series.purchase[30], 200, 'May 31 at 23:59 local');
    assert.equal(e.series.review[5], 20, 'o1 on May 6, not again on May 7');
    // c1 290 → 15 €, 40 left; c2 119 → 5 €, 19 left; c4 250 → 15 €; c3 20 and c6 50 get none.
    assert.deepEqual(
      e.codes.tiers.map((t) => [t.count, t.totalValueCents]),
      [
        [1, 500],
        [2, 3000],
        [0, 0],
      ],
    );
    assert.equal(e.codes.count, 3);
    assert.equal(e.codes.totalValueCents, 3500);
    assert.equal(e.pointsConverted, 600);
    assert.equal(e.pointsOutstanding, 129);
    assert.deepEqual(e.counted, { orders: 4, joins: 2, reviews: 3, members: 5 });
    // Members' sales: what o1, o2, o3 and o9 kept, 150.00 + 120.50 + 99.99 + 200.00 = 570.49 €;
    // the codes' 35.00 € are 6.135… % of it, within the default limit of 10 %.
    assert.equal(e.memberSalesCents, 57_049);
    assert.deepEqual(r.cost, {
      codeValueCents: 3500,
      memberSalesCents: 57_049,
      shareBp: 614,
      limitBp: 1000,
      overLimit: false,
    });
    assert.equal(r.cached, false);
  });

  test('another ratio re-runs the rules on the history kept in memory', async () => {
    const cache = new HistoryCache({ maxEntries: 2, ttlMs: 60_000 });
    await estimate({}, cache);
    const r = await estimate({ rules: rules({ purchaseRatioCents: 10 }), codeCostLimitBp: 2000 }, cache);
    assert.equal(r.cached, true);
    assert.equal(r.estimate.totals.purchase, 5704);
    assert.deepEqual(
      r.estimate.codes.tiers.map((t) => t.count),
      [0, 0, 3],
    );
    assert.equal(r.estimate.pointsOutstanding, 5864 - 1500);
    // Three 40 € codes on 570.49 € of sales: 21.03 %, over the program's limit of 20 %.
    assert.deepEqual([r.cost.shareBp, r.cost.overLimit], [2103, true]);
  });

  test('only the selected versions count; with none selected every public version does', async () => {
    const en = await estimate({ rules: rules({ storeVersionIds: ['en'] }) });
    assert.equal(en.estimate.totals.purchase, 99);
    assert.equal(en.estimate.totals.review, 20);
    assert.equal(en.estimate.memberSalesCents, 9999, 'o3 alone');
    assert.equal(en.estimate.allVersionsAssumed, false);
    const none = await estimate({ rules: rules({ storeVersionIds: [] }) });
    assert.equal(none.estimate.totals.purchase, 569);
    assert.deepEqual(none.estimate.versionIds, ['en', 'fi']);
    assert.equal(none.estimate.allVersionsAssumed, true);
  });

  test('two months: April converts on May 1, and a range ending mid-month keeps its points', async () => {
    const two = await estimate({ range: { from: '2026-04-01', to: '2026-05-31' } });
    assert.equal(two.estimate.totals.all, 939);
    assert.deepEqual(
      two.estimate.codes.tiers.map((t) => t.count),
      [2, 2, 0],
    );
    assert.equal(two.estimate.pointsOutstanding, 239);
    const part = await estimate({ range: { from: '2026-05-01', to: '2026-05-20' } });
    assert.equal(part.estimate.codes.count, 0);
    assert.equal(part.estimate.pointsOutstanding, part.estimate.totals.all);
    assert.equal(part.estimate.totals.purchase, 150 + 120 + 99);
  });

  test('the default range is the previous calendar month', async () => {
    const r = await estimate({ range: undefined });
    assert.deepEqual(r.range, may);
    assert.equal(r.estimate.totals.all, 729);
  });

  // Last in this group: it adds a review.
  test('an order whose first approval came before the range earns no review points in it', async () => {
    const counted = async () =>
      (await estimate({}, new HistoryCache({ maxEntries: 1, ttlMs: 60_000 }))).estimate.counted.reviews;
    assert.equal(await counted(), 3, 'o1, o3 and o8');
    await submitReview(app.ctx, {
      shopId: 'sim',
      reviewId: 'rv8-april',
      orderId: 'o8',
      productId: 'p1',
      submittedAt: new Date('2026-04-20T06:00:00Z'),
    });
    await approveReview(app.ctx, { shopId: 'sim', reviewId: 'rv8-april' });
    // As if it had been approved in April, before o8's approval on May 2.
    await app.ctx.db
      .updateTable('reviews')
      .set({ decided_at: new Date('2026-04-25T10:00:00Z') })
      .where('shop_id', '=', 'sim')
      .where('id', '=', 'rv8-april')
      .execute();
    assert.equal(await counted(), 2, 'o8 was first approved in April');
  });
});
