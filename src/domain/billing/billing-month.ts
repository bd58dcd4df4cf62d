import { DateTime } from 'luxon';
import { monthStart, nextPeriod, periodOf } from '../conversion/code-validity.ts';
import { EARLIEST_TIME, LATEST_TIME } from '../limits.ts';
import { type BillingPrice, commissionCents, divideHalfUp } from './price.ts';

/** When a shop's billing ran: from its first publishing moment until the operator ended it (or still). */
export interface BillingSpan {
  startedAt: Date;
  endedAt: Date | null;
}

/** The instants [from, to) of `period` (in the zone) during which billing ran; null when it did not. */
export function billedWindow(
  period: string,
  timeZone: string,
  span: BillingSpan,
): { from: Date; to: Date } | null {
  const start = monthStart(period, timeZone).getTime();
  const end = monthStart(nextPeriod(period), timeZone).getTime();
  const from = Math.max(start, span.startedAt.getTime());
  const to = Math.min(end, span.endedAt?.getTime() ?? end);
  return from < to ? { from: new Date(from), to: new Date(to) } : null;
}

/** The days of `period` on the zone's calendar (28 to 31; a DST switch changes hours, not days). */
export function daysInPeriod(period: string, timeZone: string): number {
  return DateTime.fromJSDate(monthStart(period, timeZone), { zone: timeZone }).daysInMonth!;
}

export interface FeeLine {
  amountCents: number;
  /** Days billed, counted on the zone's calendar, out of the month's days. */
  days: number;
  monthDays: number;
}

/**
 * The month's fee: the whole fee for a month billing ran throughout, else pro rata by day. The
 * day billing started counts in full (published on the 16th of a 31-day month: days 16–31, 16/31
 * of the fee), and so does the day it ended (the last day is the one of the last instant billed).
 * Rounded half up to the cent, in integers. Null when billing did not run in the month.
 */
export function monthFee(
  period: string,
  timeZone: string,
  span: BillingSpan,
  feeCents: number,
): FeeLine | null {
  const window = billedWindow(period, timeZone, span);
  if (!window) return null;
  const monthDays = daysInPeriod(period, timeZone);
  const firstDay = DateTime.fromJSDate(window.from, { zone: timeZone }).day;
  const lastDay = DateTime.fromJSDate(new Date(window.to.getTime() - 1), { zone: timeZone }).day;
  const days = lastDay - firstDay + 1;
  return { amountCents: divideHalfUp(BigInt(feeCents) * BigInt(days), BigInt(monthDays)), days, monthDays };
}

/**
 * A month's own lines (fee, commission, return_credit), and the corrections it carries for events
 * of an earlier, closed month that were reported after that month closed (late-events.ts).
 */
export type InvoiceLineKind =
  | 'fee'
  | 'commission'
  | 'return_credit'
  | 'late_commission'
  | 'late_return_credit';

/** One line of a month's invoice. */
export interface InvoiceLine {
  kind: InvoiceLineKind;
  amountCents: number;
  /** fee: the whole monthly fee; the others: the eligible value the rate applies to. */
  basisCents: number;
  rateBp: number | null;
  days: number | null;
  monthDays: number | null;
  /** The closed month a correction (late_…) belongs to; null on the month's own lines. */
  forPeriod: string | null;
}

/** What a month's commission lines are computed on (sums over the month's billed window). */
export interface MonthBasis {
  /** Eligible value of members' orders delivered in the month. */
  deliveredCents: number;
  /** Eligible value taken back in the month: returns posted then and delivered orders cancelled then. */
  returnedCents: number;
}

/**
 * The invoice lines of a month: the fee (pro rata in the first and last month), the commission on
 * the month's delivered value, and a credit of the commission on what came back in the month
 * (only when something did). Each line is rounded half up to the cent on its own, the credit as
 * the negative of its rounded commission. No lines when billing did not run in the month.
 */
export function monthInvoiceLines(input: {
  period: string;
  timeZone: string;
  span: BillingSpan;
  price: BillingPrice;
  basis: MonthBasis;
}): InvoiceLine[] {
  const { price, basis } = input;
  const fee = monthFee(input.period, input.timeZone, input.span, price.monthlyFeeCents);
  if (!fee) return [];
  const rate = price.commissionBp;
  const lines: InvoiceLine[] = [
    { kind: 'fee', basisCents: price.monthlyFeeCents, rateBp: null, ...fee, forPeriod: null },
    {
      kind: 'commission',
      amountCents: commissionCents(basis.deliveredCents, rate),
      basisCents: basis.deliveredCents,
      rateBp: rate,
      days: null,
      monthDays: null,
      forPeriod: null,
    },
  ];
  if (basis.returnedCents > 0) {
    lines.push({
      kind: 'return_credit',
      amountCents: -commissionCents(basis.returnedCents, rate),
      basisCents: basis.returnedCents,
      rateBp: rate,
      days: null,
      monthDays: null,
      forPeriod: null,
    });
  }
  return lines;
}

export function linesTotal(lines: readonly { amountCents: number }[]): number {
  return lines.reduce((sum, line) => sum + line.amountCents, 0);
}

/**
 * The months to close now, oldest first: every month billing ran in that has ended (at 00:00 on
 * the next month's first day in the zone) and is not closed yet. The month `now` is in stays open.
 */
export function monthsToClose(input: {
  span: BillingSpan;
  timeZone: string;
  now: Date;
  closed: ReadonlySet<string>;
}): string[] {
  const { span, timeZone, now } = input;
  const current = periodOf(now, timeZone);
  const last = span.endedAt ? periodOf(new Date(span.endedAt.getTime() - 1), timeZone) : current;
  const due: string[] = [];
  for (let period = periodOf(span.startedAt, timeZone); period <= last; period = nextPeriod(period)) {
    if (period >= current) break;
    if (!input.closed.has(period) && billedWindow(period, timeZone, span)) due.push(period);
  }
  return due;
}

/** A month as the operator names it: 'YYYY-MM'. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Every month from the earliest moment the service takes to the latest: no shop is billed for more. */
export const MAX_BILLED_MONTHS =
  12 * (Number(LATEST_TIME.slice(0, 4)) - Number(EARLIEST_TIME.slice(0, 4)) + 1);

/** A month's lines: its fee, commission and return credit, and two corrections per earlier month. */
export const MAX_MONTH_LINES = 3 + 2 * MAX_BILLED_MONTHS;
