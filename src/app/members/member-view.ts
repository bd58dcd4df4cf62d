import type { Executor } from '../../db/connect.ts';
import type { RowOf } from '../../db/row-of.ts';
import type { DiscountCode, LedgerEntry, LedgerKind, LedgerRefType } from '../../db/schema.ts';
import { effectiveCodeStatus } from '../../domain/codes/code-state.ts';
import { lastValidMoment } from '../../domain/conversion/code-validity.ts';
import { DomainError } from '../../domain/errors.ts';
import { isMember } from '../../domain/members/is-member.ts';
import type { AppContext } from '../context.ts';
import { pageBefore } from '../reports/paging.ts';

export interface MemberView {
  customerId: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  language: string | null;
  registeredAt: Date;
  member: {
    memberNumber: number;
    joinedAt: Date;
    leftAt: Date | null;
    joinSource: string;
    active: boolean;
  } | null;
  balance: number;
}

/** Customers of a shop with their membership (if any) and balance, as a member view is built from. */
export function memberRows(db: Executor, shopId: string) {
  return db
    .selectFrom('customers as c')
    .leftJoin('members as m', (j) =>
      j.onRef('m.shop_id', '=', 'c.shop_id').onRef('m.customer_id', '=', 'c.id'),
    )
    .leftJoin('member_balances as b', (j) =>
      j.onRef('b.shop_id', '=', 'c.shop_id').onRef('b.customer_id', '=', 'c.id'),
    )
    .select([
      'c.id',
      'c.email',
      'c.phone',
      'c.name',
      'c.language',
      'c.registered_at',
      'm.member_number',
      'm.joined_at',
      'm.left_at',
      'm.join_source',
      'b.balance',
    ])
    .where('c.shop_id', '=', shopId);
}

type MemberRow = RowOf<typeof memberRows>;

export function toMemberView(row: MemberRow): MemberView {
  return {
    customerId: row.id,
    email: row.email,
    phone: row.phone,
    name: row.name,
    language: row.language,
    registeredAt: row.registered_at,
    member: membershipOf(row),
    balance: row.balance ?? 0,
  };
}

/** The customer's membership, whether active or left; null when they never joined. */
export function membershipOf(row: MemberRow): MemberView['member'] {
  if (row.member_number === null || row.joined_at === null || row.join_source === null) return null;
  return {
    memberNumber: row.member_number,
    joinSource: row.join_source,
    joinedAt: row.joined_at,
    leftAt: row.left_at,
    active: isMember({ joinedAt: row.joined_at, leftAt: row.left_at }),
  };
}

/** A customer with their membership and balance; 404 for a customer of another shop. */
export async function getMember(ctx: AppContext, shopId: string, customerId: string): Promise<MemberView> {
  const row = await memberRows(ctx.db, shopId).where('c.id', '=', customerId).executeTakeFirst();
  if (!row)
    throw new DomainError('customer_not_found', `Customer "${customerId}" does not exist in this shop`);
  return toMemberView(row);
}

export interface LedgerLine {
  id: number;
  kind: LedgerKind;
  points: number;
  refType: LedgerRefType;
  refId: string;
  author: string | null;
  reason: string | null;
  createdAt: Date;
}

/** One page of a member's ledger, newest first; pass the last id seen as `before` for the next page. */
export async function listLedger(
  ctx: AppContext,
  shopId: string,
  customerId: string,
  page: { limit: number; before?: number | undefined },
): Promise<{ entries: LedgerLine[]; nextBefore: number | null }> {
  let query = ctx.db
    .selectFrom('ledger_entries')
    .select(['id', 'kind', 'points', 'ref_type', 'ref_id', 'author', 'reason', 'created_at'])
    .where('shop_id', '=', shopId)
    .where('customer_id', '=', customerId)
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (page.before !== undefined) query = query.where('id', '<', page.before);
  return pageBefore(await query.execute(), page.limit, ledgerLine, (e) => e.id);
}

/** A stored ledger entry as people see it: the member's history, the ledger export, their data. */
export function ledgerLine(
  r: Pick<LedgerEntry, 'id' | 'kind' | 'points' | 'ref_type' | 'ref_id' | 'author' | 'reason' | 'created_at'>,
): LedgerLine {
  return {
    id: r.id,
    kind: r.kind,
    points: r.points,
    refType: r.ref_type,
    refId: r.ref_id,
    author: r.author,
    reason: r.reason,
    createdAt: r.created_at,
  };
}

export interface CodeView {
  code: string;
  period: string;
  valueCents: number;
  points: number;
  status: 'active' | 'used' | 'expired' | 'restored' | 'voided';
  issuedAt: Date;
  expiresAt: Date;
  /** The last moment the code is valid, as shown to people. */
  validUntil: Date;
  usedOrderId: string | null;
  usedAt: Date | null;
}

export async function listMemberCodes(
  ctx: AppContext,
  shopId: string,
  customerId: string,
): Promise<CodeView[]> {
  const now = ctx.clock.now();
  const rows = await ctx.db
    .selectFrom('discount_codes')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('customer_id', '=', customerId)
    .orderBy('issued_at', 'desc')
    .execute();
  return rows.map((r) => codeView(r, now));
}

/** A stored code as people see it, with its status at `now`: the member's codes, the export, their data. */
export function codeView(r: DiscountCode, now: Date): CodeView {
  return {
    code: r.code,
    period: r.period,
    valueCents: r.value_cents,
    points: r.points,
    status: effectiveCodeStatus({ status: r.status, expiresAt: r.expires_at }, now),
    issuedAt: r.issued_at,
    expiresAt: r.expires_at,
    validUntil: lastValidMoment(r.expires_at),
    usedOrderId: r.used_order_id,
    usedAt: r.used_at,
  };
}
