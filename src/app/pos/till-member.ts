import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { type CodeView, getMember, listMemberCodes, type MemberView } from '../members/member-view.ts';

export interface TillMember {
  member: MemberView;
  /** The member's codes that a sale can use now: active or restored, and not expired. */
  codes: CodeView[];
}

/** What the till shows of the member found: balance and valid codes. Only a member now. */
export async function tillMember(ctx: AppContext, shopId: string, customerId: string): Promise<TillMember> {
  const member = await getMember(ctx, shopId, customerId);
  if (!member.member?.active)
    throw new DomainError('member_not_found', `Customer "${customerId}" is not a member of the program`);
  const codes = await listMemberCodes(ctx, shopId, customerId);
  return { member, codes: codes.filter((c) => c.status === 'active' || c.status === 'restored') };
}
