import { orderSizeErrors } from '../../domain/earning/eligible-amount.ts';
import { DomainError } from '../../domain/errors.ts';
import { redeemCode } from '../checkout/redeem-code.ts';
import type { AppContext } from '../context.ts';
import { getMember } from '../members/member-view.ts';
import { recordSale } from '../orders/record-sale.ts';

export interface TillSaleLine {
  productId: string;
  quantity: number;
  unitPriceCents: number;
}

export interface TillSaleInput {
  shopId: string;
  /** Made by the till when the sale starts; sending the sale again with it never posts twice. */
  orderId: string;
  customerId: string;
  storeVersionId: string;
  lines: TillSaleLine[];
  /** A loyalty code the member gives for this sale, or null. */
  code: string | null;
}

export interface TillSaleResult {
  /** `duplicate`: the sale had been completed before (a retry); nothing was posted again. */
  outcome: 'applied' | 'duplicate';
  orderId: string;
  totalCents: number;
  discountCents: number;
  code: string | null;
  pointsEarned: number;
  balance: number;
}

/**
 * Completes a sale at the till for an identified member: spends the code on the sale (if one was
 * given), then records the sale as placed and delivered, so its points are credited at once. Both
 * steps are exactly once by the sale's order id: a retry after a lost answer finds the code spent
 * by this very sale and the sale already recorded, and changes nothing.
 */
export async function completeTillSale(ctx: AppContext, input: TillSaleInput): Promise<TillSaleResult> {
  const lines = input.lines.map((l) => ({ ...l, lineDiscountCents: 0, giftCard: false, category: null }));
  const sizeErrors = orderSizeErrors({ lines });
  if (lines.length === 0 || sizeErrors.length > 0) {
    throw new DomainError(
      'invalid_input',
      sizeErrors[0]?.message ?? 'A sale needs at least one line',
      sizeErrors,
    );
  }
  const totalCents = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
  let discountCents = 0;
  let code: string | null = null;
  if (input.code?.trim()) {
    const redemption = await redeemCode(ctx, {
      shopId: input.shopId,
      orderId: input.orderId,
      code: input.code,
      customerId: input.customerId,
      storeVersionId: input.storeVersionId,
      loggedIn: true,
      cart: { lines, orderDiscountCents: 0 },
    });
    discountCents = redemption.discountCents;
    code = redemption.code;
  }
  const sale = await recordSale(ctx, {
    shopId: input.shopId,
    orderId: input.orderId,
    customerId: input.customerId,
    storeVersionId: input.storeVersionId,
    channel: 'pos',
    loggedIn: true,
    placedAt: ctx.clock.now(),
    lines,
    orderDiscountCents: 0,
    codeDiscountCents: discountCents,
    shippingCents: 0,
    paymentFeeCents: 0,
    loyaltyCode: code,
  });
  const balance = sale.balance ?? (await getMember(ctx, input.shopId, input.customerId)).balance;
  return {
    outcome: sale.outcome,
    orderId: input.orderId,
    totalCents,
    discountCents,
    code,
    pointsEarned: sale.pointsEarned,
    balance,
  };
}
