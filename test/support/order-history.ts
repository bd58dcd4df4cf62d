import type { RangeCalendar } from '../../src/domain/simulation/calendar.ts';
import { buildHistory } from '../../src/domain/simulation/history.ts';

/** [customer, day of the range, kept cents] */
export type HistoryOrder = [number, number, number];

/**
 * An estimate's history of orders in store version 'fi' alone, with no reviews: the shape most
 * estimate cases need, written out as rows instead of typed arrays. Customers default to the
 * highest one named; joins are [customer, day].
 */
export function orderHistory(
  calendar: RangeCalendar,
  orders: HistoryOrder[],
  { customers, joins = [] }: { customers?: number; joins?: [number, number][] } = {},
) {
  return buildHistory(calendar, {
    customers: customers ?? Math.max(...orders.map(([customer]) => customer)) + 1,
    versions: ['fi'],
    orders: {
      customer: Int32Array.from(orders, ([customer]) => customer),
      day: Uint16Array.from(orders, ([, day]) => day),
      keptCents: Float64Array.from(orders, ([, , kept]) => kept),
      version: new Uint8Array(orders.length),
    },
    joins: {
      customer: Int32Array.from(joins, ([customer]) => customer),
      day: Uint16Array.from(joins, ([, day]) => day),
    },
    reviews: { customer: new Int32Array(0), day: new Uint16Array(0) },
  });
}
