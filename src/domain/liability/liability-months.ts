import { DateTime, IANAZone } from 'luxon';

/** Months the report shows before the current one. */
export const LIABILITY_PAST_MONTHS = 12;

/**
 * The months of the liability report in the shop's zone: the last `past` whole months and the
 * current one to date. `bounds` are the instants that cut time into buckets for the queries:
 * `bounds[0]` is 00:00 on the first month's first day, `bounds[j]` (j = 1…months.length) is the
 * end of month j (00:00 on the next month's first day), and the last one is `now`, the end of the
 * current month to date. An event at moment t belongs to month j when bounds[j-1] ≤ t < bounds[j]:
 * an entry at 23:30 UTC on 31 January is 01:30 on 1 February in Helsinki, a February event.
 */
export interface LiabilityMonths {
  /** 'YYYY-MM', oldest first; the last is the current month. */
  months: string[];
  bounds: Date[];
}

export function liabilityMonths(now: Date, timeZone: string, past = LIABILITY_PAST_MONTHS): LiabilityMonths {
  if (!IANAZone.isValidZone(timeZone)) throw new RangeError(`Unknown time zone "${timeZone}"`);
  const current = DateTime.fromJSDate(now, { zone: timeZone }).startOf('month');
  const months: string[] = [];
  const bounds: Date[] = [current.minus({ months: past }).toJSDate()];
  for (let i = past; i >= 0; i--) {
    const start = current.minus({ months: i });
    months.push(start.toFormat('yyyy-MM'));
    bounds.push(i === 0 ? now : start.plus({ months: 1 }).toJSDate());
  }
  return { months, bounds };
}

/**
 * The month a code expires in: the month whose end is the first at which it is expired, the month
 * of the instant just before `expiresAt` (the first instant it is no longer valid). A code valid
 * through 28 February 23:59:59 expires in February although `expiresAt` is 00:00 on 1 March: at
 * February's end it is expired, at January's it was not.
 */
export function expiryMonth(expiresAt: Date, timeZone: string): string {
  return DateTime.fromMillis(expiresAt.getTime() - 1, { zone: timeZone }).toFormat('yyyy-MM');
}
