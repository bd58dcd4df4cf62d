import { EARLIEST_TIME, LATEST_TIME, MAX_AMOUNT_CENTS } from '../limits.ts';
import type { ImportProblemCode, ProblemList } from './problems.ts';

/** The row's value in a column (-1: the file has no such column), without surrounding spaces. */
export function cellText(fields: string[], index: number): string {
  if (index < 0) return '';
  const value = fields[index] ?? '';
  const last = value.length - 1;
  if (last < 0 || (value.charCodeAt(0) > 32 && value.charCodeAt(last) > 32)) return value;
  return value.trim();
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'kyllä', 'k']);
const FALSE = new Set(['false', '0', 'no', 'n', 'ei', 'e']);
const DOT_AMOUNT = /^(\d{1,10})(?:\.(\d{1,2}))?$/;
const COMMA_AMOUNT = /^(\d{1,10})(?:,(\d{1,2}))?$/;
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?$/;
const EARLIEST = Date.parse(EARLIEST_TIME);
const LATEST = Date.parse(LATEST_TIME);

/**
 * Reads the values of one row at a time (`line` is set for each row). Each reader returns the
 * value, null for an empty cell (the caller decides whether that is allowed), or undefined after
 * adding the value's problem to the list. One reader serves a whole file, so reading a million
 * rows makes no object per value.
 */
export class RowValues {
  line = 0;

  constructor(
    readonly problems: ProblemList,
    readonly options: { nowMs: number; decimalComma: boolean },
  ) {}

  fail(column: string, value: string, code: ImportProblemCode, params?: Record<string, string | number>) {
    this.problems.value(this.line, column, value, code, params);
    return undefined;
  }

  required(column: string): undefined {
    return this.fail(column, '', 'required');
  }

  text(column: string, value: string, max: number): string | null | undefined {
    if (value === '') return null;
    return value.length > max ? this.fail(column, value, 'too_long', { max }) : value;
  }

  oneOf<T extends string>(column: string, value: string, allowed: readonly T[]): T | null | undefined {
    if (value === '') return null;
    const lower = value.toLowerCase() as T;
    if (allowed.includes(lower)) return lower;
    return this.fail(column, value, 'not_one_of', { allowed: allowed.join(', ') });
  }

  boolean(column: string, value: string): boolean | null | undefined {
    if (value === '') return null;
    const lower = value.toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
    return this.fail(column, value, 'not_boolean');
  }

  /** A whole number in [min, max]; a negative one where only positive ones make sense is said to be so. */
  integer(column: string, value: string, min: number, max: number): number | null | undefined {
    if (value === '') return null;
    if (!/^[-+]?\d{1,16}$/.test(value)) return this.fail(column, value, 'not_integer');
    const n = Number(value);
    if (n < 0 && min >= 0) return this.fail(column, value, 'negative_quantity');
    if (n < min || n > max) return this.fail(column, value, 'out_of_range', { min, max });
    return n;
  }

  /**
   * An amount of money as integer cents: `12.34`, `12.3` or `12` (asked for decimal commas:
   * `12,34`). Thousands separators, signs, currency symbols and a third decimal are refused, each
   * with its own reason, rather than guessed at.
   */
  cents(column: string, value: string): number | null | undefined {
    if (value === '') return null;
    const comma = this.options.decimalComma;
    const match = (comma ? COMMA_AMOUNT : DOT_AMOUNT).exec(value);
    if (!match) return this.fail(column, value, amountProblem(value, comma));
    const fraction = match[2] ?? '';
    const amount = Number(match[1]) * 100 + (fraction === '' ? 0 : Number(fraction.padEnd(2, '0')));
    if (amount > MAX_AMOUNT_CENTS)
      return this.fail(column, value, 'amount_too_large', { max: MAX_AMOUNT_CENTS / 100 });
    return amount;
  }

  /**
   * A moment as ISO 8601 with its offset from UTC (`2026-03-01T12:00:00+02:00` or `…Z`), as epoch
   * milliseconds. A time without an offset is refused: which zone it meant cannot be known. So is
   * a moment after now: imported history has happened.
   */
  moment(column: string, value: string): number | null | undefined {
    if (value === '') return null;
    const parts = timeParts(value);
    if (parts === null)
      return this.fail(column, value, LOCAL_TIME.test(value) ? 'time_without_offset' : 'not_time');
    const [year, month, day, hour, minute, second, ms, offset] = parts;
    const valid =
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysInMonth(year, month) &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59 &&
      Math.abs(offset) <= 18 * 60;
    if (!valid) return this.fail(column, value, 'not_time');
    const at = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
    if (at < EARLIEST || at > LATEST)
      return this.fail(column, value, 'time_out_of_range', { from: EARLIEST_TIME, to: LATEST_TIME });
    if (at > this.options.nowMs) return this.fail(column, value, 'time_in_future');
    return at;
  }

  /** A moment the row must have: an empty cell is `required`. */
  requiredMoment(column: string, value: string): number | undefined {
    const at = this.moment(column, value);
    return at === null ? this.required(column) : at;
  }
}

const daysInMonth = (year: number, month: number) =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : 30 + ((month + (month >> 3)) & 1);

/** The number the digits of `text` from `at` for `count` characters make, or -1. */
function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Year, month, day, hour, minute, second, millisecond and offset in minutes of an ISO 8601 time
 * with an offset (`2026-03-01T12:00:00.5+02:00`, `… 12:00Z`, `…+0200`), read character by
 * character (a regular expression with eleven groups cost a microsecond a value); null otherwise.
 */
function timeParts(v: string): [number, number, number, number, number, number, number, number] | null {
  const year = digits(v, 0, 4);
  const month = digits(v, 5, 2);
  const day = digits(v, 8, 2);
  const hour = digits(v, 11, 2);
  const minute = digits(v, 14, 2);
  const sep = v.charCodeAt(10);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return null;
  if (v[4] !== '-' || v[7] !== '-' || (sep !== 84 && sep !== 32) || v[13] !== ':') return null;
  let i = 16;
  let second = 0;
  let ms = 0;
  if (v[i] === ':') {
    second = digits(v, i + 1, 2);
    if (second < 0) return null;
    i += 3;
    if (v[i] === '.' || v[i] === ',') {
      const start = ++i;
      while (i < v.length && i - start < 9 && digits(v, i, 1) >= 0) i++;
      if (i === start) return null;
      ms = Math.floor(Number(`0.${v.slice(start, i)}`) * 1000);
    }
  }
  if (v[i] === ' ') i++;
  const offset = offsetMinutes(v, i);
  return offset === null ? null : [year, month, day, hour, minute, second, ms, offset];
}

/** `Z`, `+02:00`, `+0200` or `+02` at the end of the text, in minutes east of UTC. */
function offsetMinutes(v: string, i: number): number | null {
  const rest = v.length - i;
  if (rest === 1 && (v[i] === 'Z' || v[i] === 'z')) return 0;
  const sign = v[i] === '+' ? 1 : v[i] === '-' ? -1 : 0;
  if (sign === 0) return null;
  const hours = digits(v, i + 1, 2);
  let minutes = 0;
  if (rest === 6 && v[i + 3] === ':') minutes = digits(v, i + 4, 2);
  else if (rest === 5) minutes = digits(v, i + 3, 2);
  else if (rest !== 3) return null;
  return hours < 0 || minutes < 0 ? null : sign * (hours * 60 + minutes);
}

/** Why a value is not an amount: the likeliest mistake first. */
function amountProblem(value: string, decimalComma: boolean): ImportProblemCode {
  const mark = decimalComma ? ',' : '.';
  const other = decimalComma ? '.' : ',';
  if (/^-\s*\d/.test(value)) return 'negative_amount';
  if (/^\d+$/.test(value)) return 'amount_too_large';
  // 1 234,56 · 1'234.56 · 1,234,567 · 1.234,56 · 1,234 (where the decimal mark is a point)
  if (/^\d{1,3}(?:[ \u00a0\u202f']\d{3})+(?:[.,]\d{1,2})?$/.test(value)) return 'thousands_separator';
  if (/^\d{1,3}(?:[.,]\d{3}){2,}(?:[.,]\d{1,2})?$/.test(value)) return 'thousands_separator';
  if (new RegExp(`^\\d{1,3}\\${other}\\d{3}(?:\\${mark}\\d{1,2})?$`).test(value))
    return 'thousands_separator';
  if (new RegExp(`^\\d+\\${other}\\d{1,2}$`).test(value))
    return decimalComma ? 'decimal_point_with_comma' : 'decimal_comma_not_asked';
  if (/^\d+[.,]\d{3,}$/.test(value)) return 'too_many_decimals';
  return 'not_money';
}
