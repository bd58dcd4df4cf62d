/**
 * What can be wrong with an import file, as a closed set of codes with their details: the admin
 * shows each in Finnish or English (src/admin/i18n), the command line in English, from the same
 * code and details. A problem names its line (1 is the header) and its column when it has one.
 */
export const IMPORT_PROBLEM_CODES = [
  // The file as a whole.
  'empty_file',
  'file_too_large',
  'utf16',
  'nul_bytes',
  'not_utf8',
  'unclosed_quote',
  'bad_quote',
  'record_too_large',
  'unreadable_csv',
  'field_count',
  // The header.
  'unknown_column',
  'missing_column',
  'duplicate_column',
  // One value.
  'required',
  'too_long',
  'not_money',
  'negative_amount',
  'thousands_separator',
  'decimal_comma_not_asked',
  'decimal_point_with_comma',
  'too_many_decimals',
  'amount_too_large',
  'not_integer',
  'negative_quantity',
  'out_of_range',
  'not_boolean',
  'not_one_of',
  'time_without_offset',
  'not_time',
  'time_out_of_range',
  'time_in_future',
  'time_before',
  // Across rows and against the shop.
  'duplicate_id',
  'order_rows_apart',
  'order_value_differs',
  'duplicate_line_no',
  'line_no_partly',
  'too_many_lines',
  'line_discount_exceeds',
  'order_discount_exceeds',
  'order_too_large',
  'order_amounts',
  'unknown_store_version',
  'store_version_required',
  'no_store_versions',
  'unknown_customer',
  'guest_logged_in',
  'guest_review',
  'status_needs_time',
  'time_needs_status',
  'return_needs_time',
  'time_needs_return',
  'return_on_cancelled',
  'returned_more_than_bought',
  'review_needs_id',
  'review_needs_time',
] as const;

export type ImportProblemCode = (typeof IMPORT_PROBLEM_CODES)[number];

/** Details a problem's text needs: a limit, a count, another column or line, the values allowed. */
export type ProblemParams = Record<string, string | number>;

export interface ImportProblem {
  /** The file's line (the header is line 1); 0 for the file as a whole. */
  line: number;
  /** The column's name as in the header (or its number when the header is not known); null: the row or file. */
  column: string | null;
  /** The value as written, shortened; null when there is none to show. */
  value: string | null;
  code: ImportProblemCode;
  params?: ProblemParams;
}

/** Problems kept to show; the rest are counted. */
export const MAX_REPORTED_PROBLEMS = 1000;

/** Characters of a value shown with its problem. */
export const MAX_SHOWN_VALUE = 60;

export function shownValue(value: string): string {
  return value.length > MAX_SHOWN_VALUE ? `${value.slice(0, MAX_SHOWN_VALUE - 1)}…` : value;
}

/**
 * The problems of one file: the first MAX_REPORTED_PROBLEMS in the order found, and how many
 * there were in all, so that a file with a million bad rows is reported in bounded memory.
 */
export class ProblemList {
  readonly kept: ImportProblem[] = [];
  count = 0;

  constructor(private readonly max = MAX_REPORTED_PROBLEMS) {}

  add(problem: ImportProblem): void {
    this.count++;
    if (this.kept.length < this.max) this.kept.push(problem);
  }

  /** A problem of one value: its line, column and the value as written. */
  value(line: number, column: string, value: string, code: ImportProblemCode, params?: ProblemParams): void {
    this.add({
      line,
      column,
      value: value === '' ? null : shownValue(value),
      code,
      ...(params ? { params } : {}),
    });
  }

  get none(): boolean {
    return this.count === 0;
  }
}
