import { sql } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { type MemberView, memberRows, toMemberView } from './member-view.ts';

/** What a cashier knows about a shopper at the till: exactly one of these. */
export type MemberLookup = { email: string } | { phone: string } | { memberNumber: number };

const MAX_MATCHES = 10;

/**
 * Finds current members at the till by e-mail (any letter case), phone (digits compared, so
 * spaces and dashes do not matter) or member number. An e-mail or phone may be shared, so the
 * answer is a short list, newest member first.
 */
export async function findMembers(
  ctx: AppContext,
  shopId: string,
  lookup: MemberLookup,
): Promise<MemberView[]> {
  let query = memberRows(ctx.db, shopId)
    .where('m.member_number', 'is not', null)
    .where('m.left_at', 'is', null);
  if ('email' in lookup) {
    query = query.where(sql<string>`lower(c.email)`, '=', lookup.email.trim().toLowerCase());
  } else if ('phone' in lookup) {
    const digits = lookup.phone.replace(/\D/g, '');
    if (digits.length < 5) {
      throw new DomainError('invalid_input', 'Give at least 5 digits of the phone number', [
        { field: 'phone', message: 'At least 5 digits' },
      ]);
    }
    query = query.where(sql<string>`regexp_replace(c.phone, '[^0-9]', '', 'g')`, '=', digits);
  } else {
    query = query.where('m.member_number', '=', lookup.memberNumber);
  }
  const rows = await query.orderBy('m.member_number', 'desc').limit(MAX_MATCHES).execute();
  return rows.map(toMemberView);
}
