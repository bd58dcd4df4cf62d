import type { RangeCalendar } from './calendar.ts';

/**
 * A shop's history over one date range, reduced to what the estimate's rules need and kept in
 * typed arrays: a scan over a million orders then takes milliseconds. Customers and store
 * versions are dense indexes; days are indexes into the range's calendar. Each event table is
 * grouped by calendar month: events of month k are at [monthStart[k], monthStart[k + 1]).
 */
export interface ShopHistory {
  customers: number;
  /** Store version ids by index. */
  versions: string[];
  /** Delivered orders of registered, logged-in customers, with what they kept after returns. */
  orders: {
    customer: Int32Array;
    day: Uint16Array;
    keptCents: Float64Array;
    version: Uint8Array;
    monthStart: Uint32Array;
  };
  /** Customers who registered in the range. */
  joins: { customer: Int32Array; day: Uint16Array; monthStart: Uint32Array };
  /** Such orders whose first review was approved in the range. */
  reviews: { customer: Int32Array; day: Uint16Array; version: Uint8Array; monthStart: Uint32Array };
}

export interface RawOrders {
  customer: Int32Array;
  day: Uint16Array;
  keptCents: Float64Array;
  version: Uint8Array;
}

export interface RawEvents {
  customer: Int32Array;
  day: Uint16Array;
  version?: Uint8Array;
}

/** Orders by month with a counting sort: one pass to count, one to place; stable within a month. */
function monthOrder(
  day: Uint16Array,
  calendar: RangeCalendar,
): { order: Uint32Array; monthStart: Uint32Array } {
  const months = calendar.months.length;
  const monthStart = new Uint32Array(months + 1);
  for (let i = 0; i < day.length; i++) monthStart[calendar.monthOfDay[day[i]!]! + 1]!++;
  for (let k = 0; k < months; k++) monthStart[k + 1]! += monthStart[k]!;
  const next = monthStart.slice(0, months);
  const order = new Uint32Array(day.length);
  for (let i = 0; i < day.length; i++) order[next[calendar.monthOfDay[day[i]!]!]!++] = i;
  return { order, monthStart };
}

function permute<T extends Int32Array | Uint16Array | Uint8Array | Float64Array>(
  values: T,
  order: Uint32Array,
): T {
  const out = new (values.constructor as new (n: number) => T)(values.length);
  for (let i = 0; i < order.length; i++) out[i] = values[order[i]!]!;
  return out;
}

function checkDays(day: Uint16Array, calendar: RangeCalendar, what: string): void {
  for (let i = 0; i < day.length; i++) {
    if (day[i]! >= calendar.days)
      throw new RangeError(`${what} ${i} falls outside the range (day ${day[i]})`);
  }
}

export function buildHistory(
  calendar: RangeCalendar,
  input: { customers: number; versions: string[]; orders: RawOrders; joins: RawEvents; reviews: RawEvents },
): ShopHistory {
  checkDays(input.orders.day, calendar, 'Order');
  checkDays(input.joins.day, calendar, 'Join');
  checkDays(input.reviews.day, calendar, 'Review');
  const o = monthOrder(input.orders.day, calendar);
  const j = monthOrder(input.joins.day, calendar);
  const r = monthOrder(input.reviews.day, calendar);
  const reviewVersions = input.reviews.version ?? new Uint8Array(input.reviews.day.length);
  return {
    customers: input.customers,
    versions: input.versions,
    orders: {
      customer: permute(input.orders.customer, o.order),
      day: permute(input.orders.day, o.order),
      keptCents: permute(input.orders.keptCents, o.order),
      version: permute(input.orders.version, o.order),
      monthStart: o.monthStart,
    },
    joins: {
      customer: permute(input.joins.customer, j.order),
      day: permute(input.joins.day, j.order),
      monthStart: j.monthStart,
    },
    reviews: {
      customer: permute(input.reviews.customer, r.order),
      day: permute(input.reviews.day, r.order),
      version: permute(reviewVersions, r.order),
      monthStart: r.monthStart,
    },
  };
}

/** Bytes held by the arrays, for the cache's accounting and the benchmark's report. */
export function historyBytes(history: ShopHistory): number {
  const tables = [history.orders, history.joins, history.reviews] as Record<string, unknown>[];
  let bytes = 0;
  for (const table of tables) {
    for (const column of Object.values(table)) if (ArrayBuffer.isView(column)) bytes += column.byteLength;
  }
  return bytes;
}
