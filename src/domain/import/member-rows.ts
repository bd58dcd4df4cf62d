import { MAX_BALANCE_POINTS } from '../limits.ts';
import type { MemberColumn } from './columns.ts';
import { CustomerKeyedRows } from './customer-keyed-rows.ts';
import { cellText, type RowValues } from './values.ts';

/** A member of the members file: a known customer who joined, with the points they bring along. */
export interface ImportedMember {
  customerId: string;
  joinedAt: number;
  /** Points carried over from the shop's earlier program (0: none); may be negative. */
  openingBalance: number;
  line: number;
}

/** The members file: one member per row, each customer once. */
export class MemberRows extends CustomerKeyedRows<MemberColumn, MemberCells, ImportedMember> {
  protected readCells(v: RowValues, fields: string[]): MemberCells {
    const at = this.header.index;
    const joinedAt = v.requiredMoment('joined_at', cellText(fields, at.joined_at));
    const balance = v.integer(
      'opening_balance',
      cellText(fields, at.opening_balance),
      -MAX_BALANCE_POINTS,
      MAX_BALANCE_POINTS,
    );
    return { joinedAt, balance };
  }

  protected record(customerId: string, cells: MemberCells, line: number): ImportedMember {
    return { customerId, joinedAt: cells.joinedAt!, openingBalance: cells.balance ?? 0, line };
  }
}

/** A row's cells as read: undefined where a value was wrong, null where it was empty. */
interface MemberCells {
  joinedAt: number | undefined;
  balance: number | null | undefined;
}
