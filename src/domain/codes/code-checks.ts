import { DomainError } from '../errors.ts';
import { type CodeCartLine, codeDiscount } from './code-discount.ts';
import type { StoredCodeStatus } from './code-state.ts';

/** Why a discount code cannot be used in a checkout, as a stable machine reason. */
export const CODE_REFUSALS = [
  'not_found',
  'not_logged_in',
  'not_member',
  'hidden_in_version',
  'used',
  'expired',
  'only_gift_cards',
  'nothing_to_discount',
] as const;
export type CodeRefusal = (typeof CODE_REFUSALS)[number];

export const REFUSAL_MESSAGES: Record<CodeRefusal, string> = {
  not_found: 'No such code in this shop',
  not_logged_in: 'The customer must be logged in (or identified at the till) to use a loyalty code',
  not_member: 'The customer is not a member of the loyalty program',
  hidden_in_version:
    'The loyalty program is not shown in this store version, so its codes are not accepted here',
  used: 'This code has already been used',
  expired: 'This code has expired',
  only_gift_cards: 'A loyalty code cannot be used to buy gift cards',
  nothing_to_discount: 'The cart has nothing left for the code to discount',
};

export interface CheckedCode {
  customerId: string;
  status: StoredCodeStatus;
  expiresAt: Date;
  valueCents: number;
}

export interface CodeCheckInput {
  /** The code as stored, or null when the shop has no such code. */
  code: CheckedCode | null;
  /** Who is checking out. */
  customerId: string;
  /** Logged in to the web shop, or identified at the till. */
  loggedIn: boolean;
  /** The customer is a member now (joined and not left). */
  isMember: boolean;
  /** The program is published and selected in the checkout's store version. */
  programVisible: boolean;
  cart: { lines: CodeCartLine[]; orderDiscountCents: number };
  now: Date;
}

export type CodeCheckResult =
  | { accepted: true; discountCents: number }
  | { accepted: false; reason: CodeRefusal; message: string };

/**
 * Whether a code can be used in this checkout and what it takes off. Reasons are tried in a
 * fixed order, so the answer for one situation is always the same. Another customer's code is
 * `not_found`, exactly like a code that does not exist: codes are customer-specific, and any
 * other answer would tell a stranger that a guessed code is real (and the owner check comes
 * before anything about the code's state).
 */
export function codeCheckVerdict(input: CodeCheckInput): CodeCheckResult {
  const reason = refusalOf(input);
  if (reason) return { accepted: false, reason, message: REFUSAL_MESSAGES[reason] };
  return { accepted: true, discountCents: codeDiscount(input.code!.valueCents, input.cart) };
}

function refusalOf(input: CodeCheckInput): CodeRefusal | null {
  const { code } = input;
  // A voided code is gone for good (its owner was erased): as if it had never existed.
  if (!code || code.customerId !== input.customerId || code.status === 'voided') return 'not_found';
  if (!input.loggedIn) return 'not_logged_in';
  if (!input.isMember) return 'not_member';
  if (!input.programVisible) return 'hidden_in_version';
  if (code.status === 'used') return 'used';
  if (input.now.getTime() >= code.expiresAt.getTime()) return 'expired';
  const products = input.cart.lines.filter((line) => !line.giftCard && line.quantity > 0);
  if (products.length === 0 && input.cart.lines.some((line) => line.giftCard)) return 'only_gift_cards';
  if (codeDiscount(code.valueCents, input.cart) === 0) return 'nothing_to_discount';
  return null;
}

/** A redemption that was refused; carries the machine reason for the API to show. */
export class CodeRefusedError extends DomainError {
  constructor(
    readonly reason: CodeRefusal,
    message: string = REFUSAL_MESSAGES[reason],
  ) {
    super('code_refused', message, [{ field: 'code', message }]);
  }
}
