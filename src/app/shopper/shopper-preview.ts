import type { OrderLineInput } from '../../domain/earning/eligible-amount.ts';
import type { AppContext } from '../context.ts';
import { previewShopPoints } from '../points-preview/preview-points.ts';
import { type HiddenReason, shopperProgram } from './shopper-program.ts';

export type ShopperPreview =
  | { visible: true; reason: null; points: number; eligibleCents: number; ratioCents: number }
  | { visible: false; reason: HiddenReason; points: 0 };

/**
 * "Earn N points" for any visitor of a product page or cart: the store API's preview, asked only
 * where the program shows; elsewhere the answer says why nothing is shown.
 */
export async function shopperPreview(
  ctx: AppContext,
  input: { shopId: string; storeVersionId: string; lines: OrderLineInput[]; orderDiscountCents: number },
): Promise<ShopperPreview> {
  const program = await shopperProgram(ctx.db, input.shopId, input.storeVersionId);
  if (!program.visible) return { visible: false, reason: program.reason ?? 'no_program', points: 0 };
  const preview = await previewShopPoints(ctx, input);
  return {
    visible: true,
    reason: null,
    points: preview.points,
    eligibleCents: preview.eligibleCents,
    ratioCents: preview.ratioCents,
  };
}
