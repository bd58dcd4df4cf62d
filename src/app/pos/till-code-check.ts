import { type CodeCheckAnswer, checkCode } from '../checkout/check-code.ts';
import type { AppContext } from '../context.ts';
import type { TillSaleLine } from './till-sale.ts';

/**
 * Whether the code the member gives can pay for the sale as it stands, and what it takes off,
 * without spending it (the sale's completion spends it). The member is identified at the till.
 */
export function checkTillCode(
  ctx: AppContext,
  input: { shopId: string; customerId: string; storeVersionId: string; code: string; lines: TillSaleLine[] },
): Promise<CodeCheckAnswer> {
  return checkCode(ctx, {
    shopId: input.shopId,
    code: input.code,
    customerId: input.customerId,
    storeVersionId: input.storeVersionId,
    loggedIn: true,
    cart: {
      lines: input.lines.map((l) => ({ ...l, lineDiscountCents: 0, giftCard: false })),
      orderDiscountCents: 0,
    },
  });
}
