import { purchasePoints } from '../earning/purchase-points.ts';
import { PURCHASE_RATIOS } from '../program/settings.ts';
import type { RangeCalendar } from './calendar.ts';

/**
 * One column per purchase ratio, in the order of `PURCHASE_RATIOS`: the program offers three,
 * so a change of ratio picks another column (`pointsAtRatio`).
 */
export type PointsByRatio<Column = Float64Array> = readonly Column[];

/** Points of a customer's month: 32-bit integers when every value fits, as they do in practice. */
export type PointColumn = Int32Array | Float64Array;

export function pointsAtRatio<Column>(columns: PointsByRatio<Column>, ratioCents: number): Column {
  const column = columns[PURCHASE_RATIOS.indexOf(ratioCents as (typeof PURCHASE_RATIOS)[number])];
  if (!column) throw new RangeError(`No purchase points kept for a ratio of ${ratioCents} cents`);
  return column;
}

/**
 * A shop's history over one date range, reduced to what the estimate's rules need and kept in
 * typed arrays, laid out for the two things an estimate computes:
 * - the charts and counts, which do not depend on who earned what: sums per store version and
 *   chart bucket, added up over the selected versions;
 * - the monthly conversions, which depend on each customer's balance: every customer's points
 *   per month and version, customer after customer, so the run keeps one balance at a time.
 * Customers and store versions are dense indexes.
 */
export interface ShopHistory {
  customers: number;
  /** Store version ids by index. */
  versions: string[];
  /** Per version v and chart bucket b, at [v * buckets + b]. */
  byVersion: {
    buckets: number;
    /** Delivered orders of registered, logged-in customers, per version. */
    orders: Float64Array;
    /** Such orders whose first review was approved in the range, per version. */
    reviews: Float64Array;
    /** What the orders kept after returns (their eligible cents), per version: members' sales. */
    salesCents: Float64Array;
    /** Points the orders earn (on what was kept after returns), per version and bucket. */
    purchasePoints: PointsByRatio;
    reviewsByBucket: Float64Array;
  };
  /** Customers who registered in the range: how many per bucket, and each customer's month (-1: none). */
  joins: { count: number; byBucket: Float64Array; monthOf: Int16Array };
  /**
   * Each customer's orders and reviews summed per month and version: the rows of customer c are
   * at [start[c], start[c + 1]), in month order.
   */
  activity: {
    start: Uint32Array;
    month: Uint16Array;
    version: Uint8Array;
    points: PointsByRatio<PointColumn>;
    reviews: Uint32Array;
  };
}

export interface RawOrders {
  customer: Int32Array;
  day: Uint16Array;
  keptCents: Float64Array;
  /** A version index past the history's versions is never counted. */
  version: Uint8Array;
}

export interface RawEvents {
  customer: Int32Array;
  day: Uint16Array;
  version?: Uint8Array;
}

function checkEvents(events: RawEvents, customers: number, calendar: RangeCalendar, what: string): void {
  for (let i = 0; i < events.day.length; i++) {
    if (events.day[i]! >= calendar.days)
      throw new RangeError(`${what} ${i} falls outside the range (day ${events.day[i]})`);
    if (events.customer[i]! < 0 || events.customer[i]! >= customers)
      throw new RangeError(`${what} ${i} names customer ${events.customer[i]} of ${customers}`);
  }
}

function ratioColumns(length: number): Float64Array[] {
  return PURCHASE_RATIOS.map(() => new Float64Array(length));
}

export function buildHistory(
  calendar: RangeCalendar,
  input: { customers: number; versions: string[]; orders: RawOrders; joins: RawEvents; reviews: RawEvents },
): ShopHistory {
  const { customers, versions, orders, joins } = input;
  const reviews = {
    ...input.reviews,
    version: input.reviews.version ?? new Uint8Array(input.reviews.day.length),
  };
  checkEvents(orders, customers, calendar, 'Order');
  checkEvents(joins, customers, calendar, 'Join');
  checkEvents(reviews, customers, calendar, 'Review');
  const buckets = calendar.buckets.length;
  const byVersion = {
    buckets,
    orders: new Float64Array(versions.length),
    reviews: new Float64Array(versions.length),
    salesCents: new Float64Array(versions.length),
    purchasePoints: ratioColumns(versions.length * buckets),
    reviewsByBucket: new Float64Array(versions.length * buckets),
  };
  for (let i = 0; i < orders.day.length; i++) {
    const v = orders.version[i]!;
    if (v >= versions.length) continue;
    byVersion.orders[v]!++;
    byVersion.salesCents[v]! += orders.keptCents[i]!;
  }
  for (let i = 0; i < reviews.day.length; i++) {
    const v = reviews.version[i]!;
    if (v >= versions.length) continue;
    byVersion.reviews[v]!++;
    byVersion.reviewsByBucket[v * buckets + calendar.bucketOfDay[reviews.day[i]!]!]!++;
  }
  const joinsByBucket = new Float64Array(buckets);
  const monthOf = new Int16Array(customers).fill(-1);
  for (let i = 0; i < joins.day.length; i++) {
    const c = joins.customer[i]!;
    if (monthOf[c] !== -1) throw new RangeError(`Customer ${c} joins twice`);
    monthOf[c] = calendar.monthOfDay[joins.day[i]!]!;
    joinsByBucket[calendar.bucketOfDay[joins.day[i]!]!]!++;
  }
  return {
    customers,
    versions,
    byVersion,
    joins: { count: joins.day.length, byBucket: joinsByBucket, monthOf },
    activity: activityByCustomer(calendar, input, reviews, byVersion.purchasePoints),
  };
}

/**
 * Orders and reviews of known versions as rows per customer, month and version: events are
 * ordered by (month, version) and then, stably, by customer (two counting sorts), so equal keys
 * end up next to each other and add up into one row. Each order's points at each ratio are
 * also added to its version's chart bucket in `pointsByBucket`.
 */
function activityByCustomer(
  calendar: RangeCalendar,
  input: { customers: number; versions: string[]; orders: RawOrders },
  reviews: Required<RawEvents>,
  pointsByBucket: PointsByRatio,
): ShopHistory['activity'] {
  const { customers, versions, orders } = input;
  const buckets = calendar.buckets.length;
  // Event e: order e, or review e - orders. Only events of known versions, keyed month * versions + version.
  const events = new Uint32Array(orders.day.length + reviews.day.length);
  const eventCustomer = new Int32Array(events.length);
  const eventKey = new Int32Array(events.length);
  let n = 0;
  const add = (table: Required<RawEvents>, offset: number) => {
    for (let i = 0; i < table.day.length; i++) {
      if (table.version[i]! >= versions.length) continue;
      events[n] = offset + i;
      eventCustomer[n] = table.customer[i]!;
      eventKey[n++] = calendar.monthOfDay[table.day[i]!]! * versions.length + table.version[i]!;
    }
  };
  add(orders, 0);
  add(reviews, orders.day.length);
  const byKey = countingSort(eventKey, identity(n), calendar.months.length * versions.length);
  const sorted = countingSort(eventCustomer, byKey, customers);

  const startsRow = (i: number) =>
    i === 0 ||
    eventCustomer[sorted[i]!] !== eventCustomer[sorted[i - 1]!] ||
    eventKey[sorted[i]!] !== eventKey[sorted[i - 1]!];
  let rows = 0;
  for (let i = 0; i < n; i++) if (startsRow(i)) rows++;
  const start = new Uint32Array(customers + 1);
  const month = new Uint16Array(rows);
  const version = new Uint8Array(rows);
  const points = ratioColumns(rows);
  const reviewCounts = new Uint32Array(rows);
  let row = -1;
  for (let i = 0; i < n; i++) {
    const at = sorted[i]!;
    if (startsRow(i)) {
      row++;
      start[eventCustomer[at]! + 1]!++;
      month[row] = Math.floor(eventKey[at]! / versions.length);
      version[row] = eventKey[at]! % versions.length;
    }
    const e = events[at]!;
    if (e >= orders.day.length) {
      reviewCounts[row]!++;
      continue;
    }
    const cell = orders.version[e]! * buckets + calendar.bucketOfDay[orders.day[e]!]!;
    for (let k = 0; k < PURCHASE_RATIOS.length; k++) {
      const earned = purchasePoints(orders.keptCents[e]!, PURCHASE_RATIOS[k]!);
      points[k]![row]! += earned;
      pointsByBucket[k]![cell]! += earned;
    }
  }
  for (let c = 0; c < customers; c++) start[c + 1]! += start[c]!;
  return { start, month, version, points: points.map(narrowest), reviews: reviewCounts };
}

/** The column as 32-bit integers when every value fits: half the memory of the history's largest part. */
function narrowest(column: Float64Array): PointColumn {
  for (let i = 0; i < column.length; i++) if (column[i]! > 0x7fffffff) return column;
  return Int32Array.from(column);
}

function identity(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** `order` stably sorted by `keys[order[i]]`, small integers in [0, size). */
function countingSort(keys: Int32Array, order: Uint32Array, size: number): Uint32Array {
  const next = new Uint32Array(size + 1);
  for (let i = 0; i < order.length; i++) next[keys[order[i]!]! + 1]!++;
  for (let k = 0; k < size; k++) next[k + 1]! += next[k]!;
  const out = new Uint32Array(order.length);
  for (let i = 0; i < order.length; i++) out[next[keys[order[i]!]!]!++] = order[i]!;
  return out;
}

/** Bytes held by the arrays, for the cache's accounting and the benchmark's report. */
export function historyBytes(history: ShopHistory): number {
  const { byVersion, joins, activity } = history;
  const tables = [byVersion, byVersion.purchasePoints, joins, activity, activity.points] as object[];
  let bytes = 0;
  for (const table of tables) {
    for (const column of Object.values(table)) if (ArrayBuffer.isView(column)) bytes += column.byteLength;
  }
  return bytes;
}
