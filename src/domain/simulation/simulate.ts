import { purchasePoints } from '../earning/purchase-points.ts';
import type { ProgramSettings, StoreVersionRef } from '../program/settings.ts';
import type { RangeCalendar } from './calendar.ts';
import type { ShopHistory } from './history.ts';
import { tierFor, tierTable } from './tier-table.ts';

/** The settings an estimate depends on; everything else (name, pages, validity) changes nothing. */
export type SimulationRules = Pick<
  ProgramSettings,
  'purchaseRatioCents' | 'joinPoints' | 'reviewPoints' | 'tiers' | 'storeVersionIds'
>;

export interface TierEstimate {
  points: number;
  valueCents: number;
  count: number;
  totalValueCents: number;
}

export interface Estimate {
  /** Store versions whose orders were counted. */
  versionIds: string[];
  /** True when no version is selected yet and every version the program may cover was counted. */
  allVersionsAssumed: boolean;
  series: { purchase: number[]; join: number[]; review: number[] };
  totals: { purchase: number; join: number; review: number; all: number };
  /** Codes the monthly conversions inside the range would have issued, per tier in settings order. */
  codes: { tiers: TierEstimate[]; count: number; totalValueCents: number; conversions: number };
  pointsConverted: number;
  /** Points left on balances after the last conversion in the range. */
  pointsOutstanding: number;
  counted: { orders: number; joins: number; reviews: number; members: number };
}

/**
 * The versions an estimate counts: the selected ones, or before any is selected every version
 * the program could be shown in, so that a new program's estimate is not empty.
 */
export function estimateVersions(
  selected: string[],
  versions: StoreVersionRef[],
): { versionIds: string[]; allVersionsAssumed: boolean } {
  const selectable = versions.filter((v) => !v.requiresLogin).map((v) => v.id);
  if (selected.length === 0) return { versionIds: selectable, allVersionsAssumed: true };
  return { versionIds: selected.filter((id) => selectable.includes(id)), allVersionsAssumed: false };
}

/**
 * What the program would have done over the range had every registered customer been a member
 * from its first day: join points when they registered, purchase points on delivered orders
 * (what they kept after returns), review points on orders whose first review was approved,
 * and at each month start inside the range one code per member for the highest tier reached.
 * Pure and allocation-light: it only reads the history's arrays.
 */
export function simulate(
  history: ShopHistory,
  calendar: RangeCalendar,
  rules: SimulationRules,
  versionIds: string[],
): Omit<Estimate, 'versionIds' | 'allVersionsAssumed'> {
  const bucketCount = calendar.buckets.length;
  const purchase = new Float64Array(bucketCount);
  const join = new Float64Array(bucketCount);
  const review = new Float64Array(bucketCount);
  const balance = new Float64Array(history.customers);
  const active = new Uint8Array(history.customers);
  const versionOn = new Uint8Array(Math.max(1, history.versions.length));
  history.versions.forEach((id, i) => {
    versionOn[i] = versionIds.includes(id) ? 1 : 0;
  });
  const tierPoints = Float64Array.from(rules.tiers, (t) => t.points);
  const tierCounts = new Float64Array(rules.tiers.length);
  const { order: tierOrder, points: tierSteps } = tierTable(rules.tiers);
  // Counted orders, counted reviews, points converted, conversions.
  const counts = new Float64Array(4);
  // Plain numbers, not the request's objects: the hot loops must not depend on their hidden class.
  const points = { ratio: rules.purchaseRatioCents, join: rules.joinPoints, review: rules.reviewPoints };
  const table = { order: tierOrder, steps: tierSteps, points: tierPoints };
  const into = { purchase, join, review, balance, active, tierCounts, counts };
  for (let month = 0; month < calendar.months.length; month++) {
    accumulateMonth(month, history, calendar, points, versionOn, table, into);
  }
  const [ordersCounted = 0, reviewsCounted = 0, pointsConverted = 0, conversions = 0] = counts;

  const sum = (values: Float64Array) => values.reduce((a, b) => a + b, 0);
  let members = 0;
  for (let c = 0; c < active.length; c++) members += active[c]!;
  const totals = { purchase: sum(purchase), join: sum(join), review: sum(review), all: 0 };
  totals.all = totals.purchase + totals.join + totals.review;
  const tiers: TierEstimate[] = rules.tiers.map((t, i) => ({
    points: t.points,
    valueCents: t.valueCents,
    count: tierCounts[i]!,
    totalValueCents: tierCounts[i]! * t.valueCents,
  }));
  return {
    series: { purchase: Array.from(purchase), join: Array.from(join), review: Array.from(review) },
    totals,
    codes: {
      tiers: tiers.map(({ points, valueCents, count, totalValueCents }) => ({
        points,
        valueCents,
        count,
        totalValueCents,
      })),
      count: tiers.reduce((a, t) => a + t.count, 0),
      totalValueCents: tiers.reduce((a, t) => a + t.totalValueCents, 0),
      conversions,
    },
    pointsConverted,
    pointsOutstanding: totals.all - pointsConverted,
    counted: {
      orders: ordersCounted,
      joins: history.joins.customer.length,
      reviews: reviewsCounted,
      members,
    },
  };
}

interface Accumulators {
  purchase: Float64Array;
  join: Float64Array;
  review: Float64Array;
  balance: Float64Array;
  active: Uint8Array;
  tierCounts: Float64Array;
  /** Out: the orders and reviews counted, the points converted and the conversions. */
  counts: Float64Array;
}

/**
 * One month of the run over the history's arrays, apart from the code that builds the answer: a
 * small function made only of loops over typed arrays, called once a month, is optimised once and
 * stays so from one estimate to the next (one long function that also built objects was thrown
 * out and recompiled on every call, which made some re-estimates twice as slow).
 */
function accumulateMonth(
  month: number,
  history: ShopHistory,
  calendar: RangeCalendar,
  points: { ratio: number; join: number; review: number },
  versionOn: Uint8Array,
  tiers: { order: Int32Array; steps: Float64Array; points: Float64Array },
  into: Accumulators,
): void {
  const { purchase, join, review, balance, active, tierCounts, counts } = into;
  const { bucketOfDay } = calendar;
  const { orders, joins, reviews } = history;
  const { ratio, join: joinPoints, review: reviewPoints } = points;
  for (let i = orders.monthStart[month]!; i < orders.monthStart[month + 1]!; i++) {
    if (versionOn[orders.version[i]!] !== 1) continue;
    const earned = purchasePoints(orders.keptCents[i]!, ratio);
    const c = orders.customer[i]!;
    balance[c]! += earned;
    active[c] = 1;
    purchase[bucketOfDay[orders.day[i]!]!]! += earned;
    counts[0]!++;
  }
  for (let i = joins.monthStart[month]!; i < joins.monthStart[month + 1]!; i++) {
    const c = joins.customer[i]!;
    balance[c]! += joinPoints;
    active[c] = 1;
    join[bucketOfDay[joins.day[i]!]!]! += joinPoints;
  }
  for (let i = reviews.monthStart[month]!; i < reviews.monthStart[month + 1]!; i++) {
    if (versionOn[reviews.version[i]!] !== 1) continue;
    const c = reviews.customer[i]!;
    balance[c]! += reviewPoints;
    active[c] = 1;
    review[bucketOfDay[reviews.day[i]!]!]! += reviewPoints;
    counts[1]!++;
  }
  if (!calendar.convertsAfterMonth[month]) return;
  counts[3]!++;
  const lowest = tiers.steps.length ? tiers.steps[0]! : Number.POSITIVE_INFINITY;
  for (let c = 0; c < balance.length; c++) {
    if (balance[c]! < lowest) continue;
    const index = tierFor(tiers.order, tiers.steps, balance[c]!);
    if (index < 0) continue;
    balance[c]! -= tiers.points[index]!;
    counts[2]! += tiers.points[index]!;
    tierCounts[index]!++;
  }
}
