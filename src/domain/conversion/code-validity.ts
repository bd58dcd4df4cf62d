import { DateTime, IANAZone } from 'luxon';

const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * A code issued on day D of month M is valid through the end of the day before D of month
 * M + N in the shop's zone. When that day does not exist (Jan 31 + 1 month), it is valid
 * through the end of the target month. Days are counted on the local calendar, so a DST
 * switch in between changes the number of hours, not the dates.
 *
 * `expiresAt` is the first instant the code is no longer valid; `lastValidMoment`, one
 * second earlier, is what shoppers are shown.
 */
export function codeExpiry(
  issuedAt: Date,
  validityMonths: number,
  timeZone: string,
): { expiresAt: Date; lastValidMoment: Date } {
  if (!Number.isSafeInteger(validityMonths) || validityMonths < 1) {
    throw new RangeError(`validityMonths must be a positive integer, got ${validityMonths}`);
  }
  const zone = zoneOrThrow(timeZone);
  const issued = DateTime.fromJSDate(issuedAt, { zone });
  if (!issued.isValid) throw new RangeError('issuedAt is not a valid date');
  const monthIndex = issued.month - 1 + validityMonths;
  const year = issued.year + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const expires =
    issued.day <= daysInMonth(year, month)
      ? localMidnight(year, month, issued.day, zone)
      : localMidnight(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1, zone);
  const expiresAt = expires.toJSDate();
  return { expiresAt, lastValidMoment: lastValidMoment(expiresAt) };
}

/** What shoppers are shown as a code's end: one second before `expiresAt`, when it stops working. */
export function lastValidMoment(expiresAt: Date): Date {
  return new Date(expiresAt.getTime() - 1000);
}

/** 00:00 on the first day of `period` ('YYYY-MM') in the zone, as an instant. */
export function monthStart(period: string, timeZone: string): Date {
  const { year, month } = parsePeriod(period);
  return localMidnight(year, month, 1, zoneOrThrow(timeZone)).toJSDate();
}

/** The 'YYYY-MM' month that `instant` falls in on the zone's calendar. */
export function periodOf(instant: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(instant, { zone: zoneOrThrow(timeZone) });
  if (!local.isValid) throw new RangeError('instant is not a valid date');
  return formatPeriod(local.year, local.month);
}

export function previousPeriod(period: string): string {
  const { year, month } = parsePeriod(period);
  return month === 1 ? formatPeriod(year - 1, 12) : formatPeriod(year, month - 1);
}

export function nextPeriod(period: string): string {
  const { year, month } = parsePeriod(period);
  return month === 12 ? formatPeriod(year + 1, 1) : formatPeriod(year, month + 1);
}

function parsePeriod(period: string): { year: number; month: number } {
  const match = PERIOD_PATTERN.exec(period);
  if (!match) throw new RangeError(`Expected a period like 2026-12, got "${period}"`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

function formatPeriod(year: number, month: number): string {
  if (year < 0 || year > 9999) throw new RangeError(`Year ${year} is out of range`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** Where a DST switch skips midnight, the day starts at the first instant that exists. */
function localMidnight(year: number, month: number, day: number, zone: string): DateTime {
  return DateTime.fromObject({ year, month, day }, { zone });
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function zoneOrThrow(timeZone: string): string {
  if (!IANAZone.isValidZone(timeZone)) throw new RangeError(`Unknown time zone "${timeZone}"`);
  return timeZone;
}
