import { DateTime } from 'luxon';
import type { DateRange } from './date-range.ts';

export type Granularity = 'day' | 'week' | 'month';

export interface Bucket {
  /** First and last local day of the bucket within the range. */
  from: string;
  to: string;
}

/**
 * The days of a range laid out for charts and for the monthly conversion: which chart bucket
 * and which calendar month each day belongs to, and after which months a conversion runs.
 */
export interface RangeCalendar {
  range: DateRange;
  days: number;
  granularity: Granularity;
  buckets: Bucket[];
  bucketOfDay: Uint16Array;
  /** Calendar months touched by the range; month 0 holds the first day. */
  months: string[];
  monthOfDay: Uint16Array;
  /**
   * True for month k when the conversion at 00:00 on the first day of month k + 1 falls within
   * the range or exactly at its end, so it sees the points of month k.
   */
  convertsAfterMonth: boolean[];
}

/** Days up to about two months are shown per day, up to about half a year per week, longer per month. */
export function granularityFor(days: number): Granularity {
  if (days <= 62) return 'day';
  if (days <= 190) return 'week';
  return 'month';
}

export function rangeCalendar(range: DateRange, days: number): RangeCalendar {
  const first = DateTime.fromISO(range.from, { zone: 'UTC' });
  const granularity = granularityFor(days);
  const bucketOfDay = new Uint16Array(days);
  const monthOfDay = new Uint16Array(days);
  const buckets: Bucket[] = [];
  const months: string[] = [];
  let bucketKey = '';
  for (let d = 0; d < days; d++) {
    const day = first.plus({ days: d });
    const iso = day.toISODate()!;
    const month = iso.slice(0, 7);
    if (months.at(-1) !== month) months.push(month);
    monthOfDay[d] = months.length - 1;
    const key =
      granularity === 'day' ? iso : granularity === 'week' ? day.startOf('week').toISODate()! : month;
    if (key !== bucketKey) {
      buckets.push({ from: iso, to: iso });
      bucketKey = key;
    }
    buckets.at(-1)!.to = iso;
    bucketOfDay[d] = buckets.length - 1;
  }
  const last = first.plus({ days: days - 1 });
  const endsAtMonthEnd = last.plus({ days: 1 }).day === 1;
  const convertsAfterMonth = months.map((_, k) => k < months.length - 1 || endsAtMonthEnd);
  return { range, days, granularity, buckets, bucketOfDay, months, monthOfDay, convertsAfterMonth };
}
