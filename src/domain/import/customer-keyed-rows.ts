import { MAX_STORE_ID_LENGTH } from '../limits.ts';
import type { Header } from './header.ts';
import type { ProblemList } from './problems.ts';
import { type RowReader, SeenIds } from './rows.ts';
import { cellText, RowValues } from './values.ts';

/**
 * The reader of a file with one row per customer (the customers file, the members file): each
 * row's `customer_id` is required and may stand in the file once. A file's reader says how the
 * row's other cells are read (`readCells`) and what record they make (`record`).
 */
export abstract class CustomerKeyedRows<C extends string, Cells, T> implements RowReader<T> {
  private readonly values: RowValues;
  private readonly seen = new SeenIds();

  constructor(
    protected readonly header: Header<C | 'customer_id'>,
    private readonly problems: ProblemList,
    options: { nowMs: number },
  ) {
    this.values = new RowValues(problems, { nowMs: options.nowMs, decimalComma: false });
  }

  /** The row's record, or null when anything in it is wrong (each problem in the order of its cells, a repeated id last). */
  read(fields: string[], line: number): T | null {
    const v = this.values;
    v.line = line;
    const before = this.problems.count;
    const id = v.text('customer_id', cellText(fields, this.header.index.customer_id), MAX_STORE_ID_LENGTH);
    if (id === null) v.required('customer_id');
    const cells = this.readCells(v, fields);
    if (id) {
      const first = this.seen.firstLine(id, line);
      if (first !== undefined) v.fail('customer_id', id, 'duplicate_id', { firstLine: first });
    }
    if (this.problems.count > before) return null;
    return this.record(id!, cells, line);
  }

  end(): null {
    return null;
  }

  /** The row's cells other than `customer_id`, each wrong one added to the problems. */
  protected abstract readCells(v: RowValues, fields: string[]): Cells;

  /** The record of a row without problems. */
  protected abstract record(customerId: string, cells: Cells, line: number): T;
}
