import type { ProgramSettings, StoreVersionRef } from '../program/settings.ts';
import { versionSelectable } from '../program/version-selectable.ts';
import type { RangeCalendar } from './calendar.ts';
import { type CampaignExtras, extraPoints } from './campaign-estimate.ts';
import { type PointColumn, pointsAtRatio, type ShopHistory } from './history.ts';
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
  /** What the counted orders kept after returns (eligible cents): members' sales under the assumption. */
  memberSalesCents: number;
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
  const selectable = versions.filter(versionSelectable).map((v) => v.id);
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
  const { byVersion } = history;
  const versionOn = Uint8Array.from(history.versions, (id) => (versionIds.includes(id) ? 1 : 0));
  const purchasePoints = pointsAtRatio(byVersion.purchasePoints, rules.purchaseRatioCents);

  const bucketCount = calendar.buckets.length;
  const purchase = new Array<number>(bucketCount).fill(0);
  const review = new Array<number>(bucketCount).fill(0);
  const join = Array.from(history.joins.byBucket, (joins) => joins * rules.joinPoints);
  let ordersCounted = 0;
  let reviewsCounted = 0;
  let memberSalesCents = 0;
  versionOn.forEach((on, v) => {
    if (!on) return;
    ordersCounted += byVersion.orders[v]!;
    memberSalesCents += byVersion.salesCents[v]!;
    reviewsCounted += byVersion.reviews[v]!;
    for (let b = 0; b < bucketCount; b++) {
      purchase[b]! += purchasePoints[v * bucketCount + b]!;
      review[b]! += byVersion.reviewsByBucket[v * bucketCount + b]! * rules.reviewPoints;
    }
  });

  const conversions = conversionRun(history, calendar, rules, versionOn);
  const { tierCounts } = conversions;
  const { converted: pointsConverted, members } = conversions.run();

  return summed(rules, calendar, { purchase, join, review }, tierCounts, {
    pointsConverted,
    memberSalesCents,
    counted: { orders: ordersCounted, joins: history.joins.count, reviews: reviewsCounted, members },
  });
}

/** The conversions of the estimate's rules, over every customer or a few: the codes per tier, the points converted. */
function conversionRun(
  history: ShopHistory,
  calendar: RangeCalendar,
  rules: SimulationRules,
  versionOn: Uint8Array,
) {
  const { order, points: steps } = tierTable(rules.tiers);
  const tierCounts = new Float64Array(rules.tiers.length);
  const earned = pointsAtRatio(history.activity.points, rules.purchaseRatioCents);
  const converts = Uint8Array.from(calendar.convertsAfterMonth, (c) => (c ? 1 : 0));
  const tiers = { order, steps, points: Float64Array.from(rules.tiers, (t) => t.points) };
  return {
    tierCounts,
    run: (only?: CustomerBonus) => {
      const out = new Float64Array(2);
      const points = { earned, join: rules.joinPoints, review: rules.reviewPoints };
      convertBalances(
        history.activity,
        history.joins.monthOf,
        points,
        versionOn,
        converts,
        tiers,
        tierCounts,
        out,
        only,
      );
      return { converted: out[0]!, members: out[1]! };
    },
  };
}

/** The estimate's totals and codes from its series and the codes per tier. */
function summed(
  rules: SimulationRules,
  calendar: RangeCalendar,
  series: Estimate['series'],
  tierCounts: Float64Array,
  rest: Pick<Estimate, 'pointsConverted' | 'memberSalesCents' | 'counted'>,
): Omit<Estimate, 'versionIds' | 'allVersionsAssumed'> {
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const totals = {
    purchase: sum(series.purchase),
    join: sum(series.join),
    review: sum(series.review),
    all: 0,
  };
  totals.all = totals.purchase + totals.join + totals.review;
  const tiers: TierEstimate[] = rules.tiers.map((t, i) => ({
    points: t.points,
    valueCents: t.valueCents,
    count: tierCounts[i]!,
    totalValueCents: tierCounts[i]! * t.valueCents,
  }));
  return {
    series,
    totals,
    codes: {
      tiers,
      count: tiers.reduce((a, t) => a + t.count, 0),
      totalValueCents: tiers.reduce((a, t) => a + t.totalValueCents, 0),
      conversions: calendar.convertsAfterMonth.filter(Boolean).length,
    },
    ...rest,
    pointsOutstanding: totals.all - rest.pointsConverted,
  };
}

/** Customers (in order) with points on top of their history: those of customer `customers[i]` at [start[i], start[i + 1]). */
interface CustomerBonus {
  customers: Int32Array;
  start: Uint32Array;
  month: Uint16Array;
  points: Float64Array;
}

/**
 * The estimate again with a planned campaign's points (`extras`, see `campaign-estimate.ts`) on
 * the orders it covers. Only the customers of those orders can convert differently, so their
 * conversions alone are run twice, with and without the extra points, and the difference is
 * added to `without` (the estimate of the same rules and versions): a few thousand customers
 * rather than all of them.
 */
export function simulateWithCampaign(
  history: ShopHistory,
  calendar: RangeCalendar,
  rules: SimulationRules,
  versionIds: string[],
  extras: CampaignExtras,
  without: Omit<Estimate, 'versionIds' | 'allVersionsAssumed'>,
): Omit<Estimate, 'versionIds' | 'allVersionsAssumed'> {
  const versionOn = Uint8Array.from(history.versions, (id) => (versionIds.includes(id) ? 1 : 0));
  const buckets = calendar.buckets.length;
  const purchase = [...without.series.purchase];
  const bonus = customerBonus(history.activity, extras, (i) => {
    const on = versionOn[history.activity.version[extras.row[i]!]!]!;
    const points = on * extraPoints(extras.keptCents[i]!, extras.weight[i]!, rules.purchaseRatioCents);
    purchase[extras.cell[i]! % buckets]! += points;
    return points;
  });
  const conversions = conversionRun(history, calendar, rules, versionOn);
  const before = conversions.run({ ...bonus, points: new Float64Array(bonus.points.length) });
  const tiersBefore = Float64Array.from(conversions.tierCounts);
  conversions.tierCounts.fill(0);
  const after = conversions.run(bonus);
  const tierCounts = Float64Array.from(
    without.codes.tiers,
    (t, i) => t.count - tiersBefore[i]! + conversions.tierCounts[i]!,
  );
  return summed(rules, calendar, { ...without.series, purchase }, tierCounts, {
    pointsConverted: without.pointsConverted - before.converted + after.converted,
    memberSalesCents: without.memberSalesCents,
    counted: without.counted,
  });
}

/** The extras grouped by customer, in customer order, each with `pointsOf(i)` at its row's month. */
function customerBonus(
  activity: ShopHistory['activity'],
  extras: CampaignExtras,
  pointsOf: (i: number) => number,
): CustomerBonus {
  const byCustomer = Array.from(extras.customer.keys()).sort(
    (a, b) => extras.customer[a]! - extras.customer[b]!,
  );
  const customers: number[] = [];
  const start: number[] = [];
  byCustomer.forEach((i, k) => {
    if (k === 0 || extras.customer[i] !== extras.customer[byCustomer[k - 1]!]) {
      customers.push(extras.customer[i]!);
      start.push(k);
    }
  });
  start.push(byCustomer.length);
  return {
    customers: Int32Array.from(customers),
    start: Uint32Array.from(start),
    month: Uint16Array.from(byCustomer, (i) => activity.month[extras.row[i]!]!),
    points: Float64Array.from(byCustomer, pointsOf),
  };
}

/**
 * Every customer's balance through the range, one customer at a time: first what each month
 * brought (joining, orders and reviews of counted versions: a multiplication by 0 or 1 rather than
 * a branch, as the version of a row is as good as random), then month by month the balance and at
 * each month's end one code for the highest tier reached. A customer whose balance is below the
 * cheapest tier and who has nothing more to come is left at once. Made only of loops over typed
 * arrays, so that V8 optimises it once and it stays so from one estimate to the next.
 * With `only`, just those customers, each with the points given (a campaign's) on top.
 * Out: `run[0]` the points converted, `run[1]` the members (customers who joined or had a
 * counted order or review); `tierCounts` the codes per tier.
 */
function convertBalances(
  activity: ShopHistory['activity'],
  joinMonth: Int16Array,
  points: { earned: PointColumn; join: number; review: number },
  versionOn: Uint8Array,
  converts: Uint8Array,
  tiers: { order: Int32Array; steps: Float64Array; points: Float64Array },
  tierCounts: Float64Array,
  run: Float64Array,
  only?: CustomerBonus,
): void {
  const { start, month, version, reviews } = activity;
  const { earned, join: joinPoints, review: reviewPoints } = points;
  const { order, steps, points: tierPoints } = tiers;
  const lowest = steps.length ? steps[0]! : Number.POSITIVE_INFINITY;
  const gain = new Float64Array(converts.length);
  let converted = 0;
  let members = 0;
  const count = only ? only.customers.length : joinMonth.length;
  for (let i = 0; i < count; i++) {
    const c = only ? only.customers[i]! : i;
    const joined = joinMonth[c]!;
    const first = start[c]!;
    const end = start[c + 1]!;
    // The last month that brings anything: rows are in month order.
    const last = end > first && month[end - 1]! > joined ? month[end - 1]! : joined;
    if (last < 0) continue;
    let member = joined >= 0 ? 1 : 0;
    for (let row = first; row < end; row++) {
      const on = versionOn[version[row]!]!;
      gain[month[row]!]! += on * (earned[row]! + reviews[row]! * reviewPoints);
      member |= on;
    }
    if (joined >= 0) gain[joined]! += joinPoints;
    // A campaign's points fall in months the customer already has rows in, so `last` still holds.
    if (only)
      for (let k = only.start[i]!; k < only.start[i + 1]!; k++) gain[only.month[k]!]! += only.points[k]!;
    members += member;
    let balance = 0;
    for (let m = 0; m < gain.length; m++) {
      balance += gain[m]!;
      gain[m] = 0;
      if (balance < lowest) {
        // Nothing more to come and too little to convert: this customer is done (gain is all 0 past last).
        if (m >= last) break;
        continue;
      }
      if (converts[m] !== 1) continue;
      const index = tierFor(order, steps, balance);
      if (index < 0) continue;
      balance -= tierPoints[index]!;
      converted += tierPoints[index]!;
      tierCounts[index]!++;
    }
  }
  run[0] = converted;
  run[1] = members;
}
