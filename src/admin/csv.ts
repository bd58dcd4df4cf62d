import { pipeline, Readable } from 'node:stream';
import { type Options, stringify } from 'csv-stringify';
import type { FastifyBaseLogger } from 'fastify';

/** What a spreadsheet may read as the start of a formula (OWASP's list for CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal such as -1.50 is read as the number it is, never as a formula. */
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

/** A text cell a spreadsheet would run as a formula, made inert by a leading single quote. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** The options every CSV the product writes uses: text cells neutralised, numbers left alone. */
export function csvOptions(options: Options = {}): Options {
  return { ...options, cast: { ...options.cast, string: neutraliseCell } };
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
