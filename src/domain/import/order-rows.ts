import { MAX_ORDER_LINES, MAX_STORE_ID_LENGTH } from '../limits.ts';
import { ORDER_LEVEL_COLUMNS, type OrderColumn } from './columns.ts';
import type { Header } from './header.ts';
import type { ImportedOrder } from './imported-order.ts';
import { decideImportedOrder } from './order-amounts.ts';
import { type OrderHead, readOrderHead, type ShopVersions } from './order-head.ts';
import { type RowLine, readRowLine } from './order-line.ts';
import type { ProblemList } from './problems.ts';
import { type RowReader, SeenIds } from './rows.ts';
import { cellText, RowValues } from './values.ts';

export interface OrderRowsOptions {
  nowMs: number;
  decimalComma: boolean;
  versions: ShopVersions;
}

/** An order whose rows are being read: its first row's own columns as written, and its lines so far. */
interface OpenOrder {
  id: string;
  line: number;
  written: string[];
  head: OrderHead | null;
  /** A problem was found in one of its rows: the order is reported, not written. */
  bad: boolean;
  lines: RowLine[];
  /** Whether the order's rows number its lines (decided by its first row). */
  numbered: boolean;
  lineNos: Map<number, number>;
}

/**
 * The orders file: one row per order line, an order's rows one after the other, its own columns
 * on the first (the others may repeat them or leave them empty). An order is handed back when its
 * rows end, decided (amounts, returns, reviews) if every row was right. Only the ids of orders
 * and reviews seen are kept, to find an id used twice.
 */
export class OrderRows implements RowReader<ImportedOrder> {
  private readonly values: RowValues;
  private readonly orders = new SeenIds();
  private readonly reviews = new SeenIds();
  private open: OpenOrder | null = null;
  private readonly levelIndexes: number[];

  constructor(
    private readonly header: Header<OrderColumn>,
    private readonly problems: ProblemList,
    private readonly options: OrderRowsOptions,
  ) {
    this.values = new RowValues(problems, options);
    this.levelIndexes = ORDER_LEVEL_COLUMNS.map((c) => header.index[c]);
  }

  read(fields: string[], line: number): ImportedOrder | null {
    const v = this.values;
    v.line = line;
    const id = cellText(fields, this.header.index.order_id);
    if (id === '') {
      v.required('order_id');
      if (this.open) this.open.bad = true;
      return null;
    }
    let done: ImportedOrder | null = null;
    if (this.open?.id !== id) {
      done = this.end();
      this.open = this.start(id, fields, line);
    } else {
      this.checkRepeated(this.open, fields);
    }
    this.addLine(this.open, fields);
    return done;
  }

  end(): ImportedOrder | null {
    const open = this.open;
    this.open = null;
    if (!open || open.bad || !open.head) return null;
    return decideImportedOrder(open.head, open.lines, this.problems);
  }

  private start(id: string, fields: string[], line: number): OpenOrder {
    const v = this.values;
    const before = this.problems.count;
    if (id.length > MAX_STORE_ID_LENGTH) v.fail('order_id', id, 'too_long', { max: MAX_STORE_ID_LENGTH });
    const first = this.orders.firstLine(id, line);
    if (first !== undefined) v.fail('order_id', id, 'order_rows_apart', { firstLine: first });
    const head = readOrderHead(v, this.header, fields, this.options.versions);
    return {
      id,
      line,
      written: this.levelIndexes.map((i) => cellText(fields, i)),
      head,
      bad: this.problems.count > before,
      lines: [],
      numbered: cellText(fields, this.header.index.line_no) !== '',
      lineNos: new Map(),
    };
  }

  /** A later row of the order may leave the order's own columns empty or repeat them as on its first row. */
  private checkRepeated(open: OpenOrder, fields: string[]) {
    const indexes = this.levelIndexes;
    for (let c = 1; c < indexes.length; c++) {
      const value = cellText(fields, indexes[c]!);
      if (value === '' || value === open.written[c]) continue;
      this.values.fail(ORDER_LEVEL_COLUMNS[c]!, value, 'order_value_differs', {
        firstLine: open.line,
        first: open.written[c]!,
      });
      open.bad = true;
    }
  }

  private addLine(open: OpenOrder, fields: string[]) {
    const v = this.values;
    const before = this.problems.count;
    const row = readRowLine(v, this.header, fields, open.head);
    if (row) {
      if ((row.lineNo !== null) !== open.numbered)
        v.fail('line_no', String(row.lineNo ?? ''), 'line_no_partly');
      if (row.lineNo !== null) {
        const first = open.lineNos.get(row.lineNo);
        if (first === undefined) open.lineNos.set(row.lineNo, v.line);
        else v.fail('line_no', String(row.lineNo), 'duplicate_line_no', { firstLine: first });
      }
      if (open.lines.length === MAX_ORDER_LINES)
        v.fail('order_id', open.id, 'too_many_lines', { max: MAX_ORDER_LINES });
      if (row.review) {
        const first = this.reviews.firstLine(row.review.id, v.line);
        if (first !== undefined) v.fail('review_id', row.review.id, 'duplicate_id', { firstLine: first });
      }
      open.lines.push(row);
    }
    if (this.problems.count > before) open.bad = true;
  }
}
