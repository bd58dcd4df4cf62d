import { DomainError } from '../../domain/errors.ts';
import { isMember } from '../../domain/members/is-member.ts';
import { memberQrText } from '../../domain/members/member-qr.ts';
import type { RewardTier } from '../../domain/program/settings.ts';
import type { AppContext } from '../context.ts';
import { joinProgram, leaveProgram } from '../members/join-program.ts';
import { type CodeView, type LedgerLine, listLedger, listMemberCodes } from '../members/member-view.ts';
import { memberRow } from './member-rows.ts';
import { nextTier } from './next-tier.ts';
import { type HiddenReason, type ShopperProgram, shopperProgram } from './shopper-program.ts';

/** Who a verified shopper token says is calling: the store vouches for the customer. */
export interface ShopperIdentity {
  shopId: string;
  customerId: string;
  storeVersionId: string;
}

/** Whether the program shows in the token's store version, and why not. */
export interface Visibility {
  visible: boolean;
  reason: HiddenReason | null;
}

export interface Membership extends Visibility {
  member: boolean;
  memberNumber: number | null;
  balance: number;
  nextTier: { tier: RewardTier; pointsMissing: number } | null;
  /** The text of the member's QR code for the till: `LOYALTY-<memberNumber>`. */
  qrText: string | null;
}

const visibility = (p: ShopperProgram): Visibility => ({ visible: p.visible, reason: p.reason });

/** The token's store version's program: the one the caller has (kept a few seconds), else read now. */
const programFor = (ctx: AppContext, who: ShopperIdentity, program: ShopperProgram | undefined) =>
  program ? Promise.resolve(program) : shopperProgram(ctx.db, who.shopId, who.storeVersionId);

/** My membership: member or not, number, balance, the next reward and the QR text. */
export async function shopperMembership(
  ctx: AppContext,
  who: ShopperIdentity,
  known?: ShopperProgram,
): Promise<Membership> {
  const program = await programFor(ctx, who, known);
  const none = { member: false, memberNumber: null, balance: 0, nextTier: null, qrText: null };
  if (!program.shown) return { ...visibility(program), ...none };
  const row = await memberRow(ctx, who);
  if (!row || !isMember({ joinedAt: row.joined_at, leftAt: row.left_at })) {
    return { ...visibility(program), ...none };
  }
  const balance = row.balance ?? 0;
  return {
    ...visibility(program),
    member: true,
    memberNumber: row.member_number,
    balance,
    nextTier: nextTier(balance, program.shown.tiers),
    qrText: memberQrText(row.member_number),
  };
}

/** My ledger, newest first, a page at a time; empty where the program is not shown. */
export async function shopperLedger(
  ctx: AppContext,
  who: ShopperIdentity,
  page: { limit: number; before?: number | undefined },
  known?: ShopperProgram,
): Promise<Visibility & { entries: LedgerLine[]; nextBefore: number | null }> {
  const program = await programFor(ctx, who, known);
  if (!program.visible) return { ...visibility(program), entries: [], nextBefore: null };
  return { ...visibility(program), ...(await listLedger(ctx, who.shopId, who.customerId, page)) };
}

/** My codes that can still be used (active or restored, not expired), soonest expiry first. */
export async function shopperValidCodes(
  ctx: AppContext,
  who: ShopperIdentity,
  known?: ShopperProgram,
): Promise<Visibility & { codes: CodeView[] }> {
  const program = await programFor(ctx, who, known);
  if (!program.visible) return { ...visibility(program), codes: [] };
  const codes = (await listMemberCodes(ctx, who.shopId, who.customerId))
    .filter((c) => c.status === 'active' || c.status === 'restored')
    .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());
  return { ...visibility(program), codes };
}

async function requireVisible(ctx: AppContext, who: ShopperIdentity) {
  const program = await shopperProgram(ctx.db, who.shopId, who.storeVersionId);
  if (!program.visible) {
    throw new DomainError(
      'program_not_visible',
      `The loyalty program is not shown in store version "${who.storeVersionId}" (${program.reason}): shoppers cannot join or leave there`,
    );
  }
}

/** Joins from the storefront (registration form or My Account); only where the program shows. */
export async function shopperJoin(
  ctx: AppContext,
  who: ShopperIdentity,
  source: 'registration' | 'my_account',
): Promise<Membership & { pointsCredited: number }> {
  await requireVisible(ctx, who);
  const joined = await joinProgram(ctx, { shopId: who.shopId, customerId: who.customerId, source });
  return { ...(await shopperMembership(ctx, who)), pointsCredited: joined.pointsCredited };
}

/** Leaves the program from My Account, as the store API's leaving does; only where the program shows. */
export async function shopperLeave(ctx: AppContext, who: ShopperIdentity): Promise<Membership> {
  await requireVisible(ctx, who);
  await leaveProgram(ctx, { shopId: who.shopId, customerId: who.customerId });
  return shopperMembership(ctx, who);
}
