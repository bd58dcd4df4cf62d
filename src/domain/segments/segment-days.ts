import { DateTime } from 'luxon';

/**
 * The first moment of "within N days": 00:00 in the shop's zone N calendar days before the day of
 * `now` (0: today). A member who joined at 23:50 yesterday joined within 1 day, not within 0.
 */
export function withinDaysStart(now: Date, days: number, timeZone: string): Date {
  return DateTime.fromJSDate(now, { zone: timeZone }).startOf('day').minus({ days }).toJSDate();
}

/**
 * A code "expires within N days" when its last valid day, in the shop's zone, is today or one of
 * the N days after: its expiry (the first moment it is no longer valid) is at most 00:00 of the
 * day after that. On 21 February with N = 7, a code valid until 28 February 23:59:59 qualifies.
 */
export function expiringBefore(now: Date, days: number, timeZone: string): Date {
  return DateTime.fromJSDate(now, { zone: timeZone })
    .startOf('day')
    .plus({ days: days + 1 })
    .toJSDate();
}
