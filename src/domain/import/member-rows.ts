import { MAX_BALANCE_POINTS } from '../limits.ts';
import type { MemberColumn } from './columns.ts';
import { CustomerKeyedRows } from './customer-keyed-rows.ts';
import type { Header } from './header.ts';
import type { ProblemList } from './problems.ts';
import type { RowReader } from './rows.ts';
import { cellText } from './values.ts';

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
  private readonly rows: CustomerKeyedRows;

  constructor(
    private readonly header: Header<MemberColumn>,
    problems: ProblemList,
    options: { nowMs: number },
  ) {
    this.rows = new CustomerKeyedRows(problems, options);
  }

  read(fields: string[], line: number): ImportedMember | null {
    const at = this.header.index;
    const row = this.rows.read(cellText(fields, at.customer_id), line, (v) => {
      const joinedAt = v.moment('joined_at', cellText(fields, at.joined_at));
      if (joinedAt === null) v.required('joined_at');
      const balance = v.integer(
        'opening_balance',
        cellText(fields, at.opening_balance),
        -MAX_BALANCE_POINTS,
        MAX_BALANCE_POINTS,
      );
      return { joinedAt, balance };
    });
    if (!row) return null;
    return {
      customerId: row.customerId,
      joinedAt: row.rest.joinedAt!,
      openingBalance: row.rest.balance ?? 0,
      line,
    };
  }

  end(): null {
    return null;
  }
}
