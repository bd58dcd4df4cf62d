import { DateTime, IANAZone } from 'luxon';
import { DomainError } from '../errors.ts';

/** A range of whole local days in the shop's time zone, both ends included ('YYYY-MM-DD'). */
export interface DateRange {
  from: string;
  to: string;
}

/** The longest range an estimate or a report covers; it bounds the memory an estimate holds. */
export const MAX_RANGE_DAYS = 731;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function localDay(text: string, zone: string, field: string): DateTime {
  const day = ISO_DATE.test(text) ? DateTime.fromISO(text, { zone }) : null;
  if (!day?.isValid) {
    throw new DomainError('invalid_input', `"${text}" is not a date like 2026-05-31`, [
      { field, message: 'Give a date like 2026-05-31' },
    ]);
  }
  return day.startOf('day');
}

/** Checks a range and returns it with the instants it covers: [start, end). */
export function resolveRange(
  range: DateRange,
  timeZone: string,
): DateRange & { start: Date; end: Date; days: number } {
  // IANAZone.create keeps each zone it made (isValidZone builds an Intl formatter every call).
  if (!IANAZone.create(timeZone).isValid) throw new RangeError(`Unknown time zone "${timeZone}"`);
  const from = localDay(range.from, timeZone, 'from');
  const to = localDay(range.to, timeZone, 'to');
  const days = Math.round(to.diff(from, 'days').days) + 1;
  if (days < 1) {
    throw new DomainError('invalid_input', 'The range ends before it starts', [
      { field: 'to', message: 'Choose an end date on or after the start date' },
    ]);
  }
  if (days > MAX_RANGE_DAYS) {
    throw new DomainError('invalid_input', `A range covers at most ${MAX_RANGE_DAYS} days`, [
      { field: 'from', message: 'Choose a range of at most two years' },
    ]);
  }
  return {
    from: range.from,
    to: range.to,
    start: from.toJSDate(),
    end: to.plus({ days: 1 }).startOf('day').toJSDate(),
    days,
  };
}

/** The whole calendar month before the one `now` falls in, in the shop's zone: the default range. */
export function previousMonth(now: Date, timeZone: string): DateRange {
  return lastMonths(now, timeZone, 1);
}

/** The `months` whole calendar months before the current one. */
export function lastMonths(now: Date, timeZone: string, months: number): DateRange {
  const thisMonth = DateTime.fromJSDate(now, { zone: timeZone }).startOf('month');
  return {
    from: thisMonth.minus({ months }).toISODate()!,
    to: thisMonth.minus({ days: 1 }).toISODate()!,
  };
}

/** The last `days` days up to and including today. */
export function lastDays(now: Date, timeZone: string, days: number): DateRange {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  return { from: today.minus({ days: days - 1 }).toISODate()!, to: today.toISODate()! };
}

/**
 * The instant each local day of a resolved range begins, in order: day i runs from the i-th
 * instant to the next (or to the range's end). Days are 23 or 25 hours long across DST changes.
 */
export function dayStarts(range: { start: Date; days: number }, timeZone: string): Date[] {
  const first = DateTime.fromJSDate(range.start, { zone: timeZone });
  return Array.from({ length: range.days }, (_, i) => first.plus({ days: i }).toJSDate());
}
