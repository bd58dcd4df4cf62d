import { MAX_STORE_ID_LENGTH } from '../limits.ts';
import type { ProblemList } from './problems.ts';
import { SeenIds } from './rows.ts';
import { RowValues } from './values.ts';

/**
 * The rows of a file with one row per customer (the customers file, the members file): each row's
 * `customer_id` is required and may stand in the file once.
 */
export class CustomerKeyedRows {
  private readonly values: RowValues;
  private readonly seen = new SeenIds();

  constructor(
    private readonly problems: ProblemList,
    options: { nowMs: number },
  ) {
    this.values = new RowValues(problems, { nowMs: options.nowMs, decimalComma: false });
  }

  /**
   * The row's customer id and what `rest` reads of its other cells, or null when anything in the
   * row is wrong (each problem is on the list, in the order of the row's cells, a repeated id last).
   */
  read<R>(
    customerId: string,
    line: number,
    rest: (v: RowValues) => R,
  ): { customerId: string; rest: R } | null {
    const v = this.values;
    v.line = line;
    const before = this.problems.count;
    const id = v.text('customer_id', customerId, MAX_STORE_ID_LENGTH);
    if (id === null) v.required('customer_id');
    const values = rest(v);
    if (id) {
      const first = this.seen.firstLine(id, line);
      if (first !== undefined) v.fail('customer_id', id, 'duplicate_id', { firstLine: first });
    }
    if (this.problems.count > before) return null;
    return { customerId: id!, rest: values };
  }
}
