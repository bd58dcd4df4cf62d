import type { CodeCartLine } from '../../domain/codes/code-discount.ts';
import { normalizeCode } from '../../domain/codes/code-generator.ts';

/** A checkout as the store describes it when it asks about a loyalty code. */
export interface CheckoutInput {
  shopId: string;
  code: string;
  customerId: string;
  storeVersionId: string;
  /** Logged in to the web shop, or identified at the till. */
  loggedIn: boolean;
  cart: { lines: CodeCartLine[]; orderDiscountCents: number };
}

/**
 * The stored form of a code as a shopper typed it: codes the monthly conversion issues are matched
 * whatever the letter case, spaces and dashes; anything else (e.g. imported codes) as typed.
 */
export function storedCodeOf(typed: string): string {
  return normalizeCode(typed) ?? typed.trim();
}
