import { pipeline, Readable } from 'node:stream';
import { type Options, stringify } from 'csv-stringify';
import type { FastifyBaseLogger } from 'fastify';
import { DateTime } from 'luxon';
import type { Lang } from './i18n/index.ts';

/** What a spreadsheet may read as the start of a formula (OWASP's list for CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal such as -1.50 (or -1,50 in a Finnish file) is read as the number it is, never as a formula. */
const PLAIN_NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;

/** A text cell a spreadsheet would run as a formula, made inert by a leading single quote. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** The options every CSV the product writes uses: text cells neutralised, numbers left alone. */
export function csvOptions(options: Options = {}): Options {
  return { ...options, cast: { ...options.cast, string: neutraliseCell } };
}

/** How a CSV for a language's spreadsheet writes its separator, amounts and moments. */
export interface CsvDialect {
  /** Finnish Excel splits on `;` (its list separator, as the comma is its decimal sign). */
  delimiter: ',' | ';';
  /** Euros from cents with the language's decimal sign and no thousands separator: read as a number. */
  amount(cents: number): string;
  /** A moment on the wall clock of the shop's zone, in a form spreadsheets read as a date and time. */
  moment(instant: Date): string;
}

export function csvDialect(lang: Lang, timeZone: string): CsvDialect {
  const decimalSign = lang === 'fi' ? ',' : '.';
  return {
    delimiter: lang === 'fi' ? ';' : ',',
    amount: (cents) => {
      const whole = Math.abs(cents);
      return `${cents < 0 ? '-' : ''}${Math.trunc(whole / 100)}${decimalSign}${String(whole % 100).padStart(2, '0')}`;
    },
    // `2026-12-05 14:03` in every language: Excel reads an ISO 8601 date with a colon in the time
    // as a date and time whatever the locale, and LibreOffice always does. The Finnish way,
    // `5.12.2026 14.03`, stays text in LibreOffice with the Finnish locale (tried on 7.4), and
    // Excel reads it only where Windows' time separator is a dot.
    moment: (instant) => DateTime.fromJSDate(instant, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm'),
  };
}

/**
 * Rows as a CSV stream to send as a reply. An error in the rows (a failing query, a throwing
 * generator) destroys the stream, which ends that one response, and is logged; it never
 * becomes an unhandled 'error' event that would stop the process.
 */
export function csvStream(
  rows: AsyncIterable<unknown[]>,
  options: Options,
  log: FastifyBaseLogger,
): Readable {
  return pipeline(Readable.from(rows), stringify(csvOptions(options)), (error) => {
    if (error) log.error({ err: error }, 'CSV export failed; the response was ended');
  });
}
