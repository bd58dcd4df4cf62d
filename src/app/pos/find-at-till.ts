import { DomainError } from '../../domain/errors.ts';
import { PHONE_MIN_DIGITS, parseTillSearch } from '../../domain/members/member-qr.ts';
import type { AppContext } from '../context.ts';
import { findMembers } from '../members/find-member.ts';
import type { MemberView } from '../members/member-view.ts';

/**
 * The members the till's search text names: a scanned `LOYALTY-<number>`, an e-mail address, a
 * phone number or a member number. Digits alone may be either of the last two, so both are
 * searched and the member number's match comes first.
 */
export async function findAtTill(ctx: AppContext, shopId: string, text: string): Promise<MemberView[]> {
  const search = parseTillSearch(text);
  if (!search) {
    throw new DomainError(
      'invalid_input',
      'Give an e-mail address, a phone number, a member number or scan the member’s QR code',
      [{ field: 'q', message: 'Not an e-mail address, phone number, member number or member QR code' }],
    );
  }
  switch (search.kind) {
    case 'qr':
      return findMembers(ctx, shopId, { memberNumber: search.memberNumber });
    case 'email':
      return findMembers(ctx, shopId, { email: search.email });
    case 'phone':
      return findMembers(ctx, shopId, { phone: search.phone });
    case 'digits': {
      const byNumber = await findMembers(ctx, shopId, { memberNumber: search.memberNumber });
      const byPhone =
        search.digits.length >= PHONE_MIN_DIGITS
          ? await findMembers(ctx, shopId, { phone: search.digits })
          : [];
      const seen = new Set(byNumber.map((m) => m.customerId));
      return [...byNumber, ...byPhone.filter((m) => !seen.has(m.customerId))];
    }
  }
}
