import { MAX_BALANCE_POINTS, MAX_STORE_ID_LENGTH } from '../limits.ts';
import type { MemberColumn } from './columns.ts';
import type { Header } from './header.ts';
import type { ProblemList } from './problems.ts';
import { type RowReader, SeenIds } from './rows.ts';
import { cellText, RowValues } from './values.ts';

/** A member of the members file: a known customer who joined, with the points they bring along. */
export interface ImportedMember {
  customerId: string;
  joinedAt: number;
  /** Points carried over from the shop's earlier program (0: none); may be negative. */
  openingBalance: number;
  line: number;
}

/** The members file: one member per row, each customer once. */
export class MemberRows implements RowReader<ImportedMember> {
  private readonly values: RowValues;
  private readonly seen = new SeenIds();

  constructor(
    private readonly header: Header<MemberColumn>,
    private readonly problems: ProblemList,
    options: { nowMs: number },
  ) {
    this.values = new RowValues(problems, { nowMs: options.nowMs, decimalComma: false });
  }

  read(fields: string[], line: number): ImportedMember | null {
    const v = this.values;
    const at = this.header.index;
    v.line = line;
    const before = this.problems.count;
    const customerId = v.text('customer_id', cellText(fields, at.customer_id), MAX_STORE_ID_LENGTH);
    if (customerId === null) v.required('customer_id');
    const joinedAt = v.moment('joined_at', cellText(fields, at.joined_at));
    if (joinedAt === null) v.required('joined_at');
    const balance = v.integer(
      'opening_balance',
      cellText(fields, at.opening_balance),
      -MAX_BALANCE_POINTS,
      MAX_BALANCE_POINTS,
    );
    if (customerId) {
      const first = this.seen.firstLine(customerId, line);
      if (first !== undefined) v.fail('customer_id', customerId, 'duplicate_id', { firstLine: first });
    }
    if (this.problems.count > before) return null;
    return { customerId: customerId!, joinedAt: joinedAt!, openingBalance: balance ?? 0, line };
  }

  end(): null {
    return null;
  }
}
