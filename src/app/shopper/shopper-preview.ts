import type { OrderLineInput } from '../../domain/earning/eligible-amount.ts';
import { type PreviewCampaign, previewPoints } from '../../domain/earning/points-preview.ts';
import { campaignsNow } from '../campaigns/campaigns-now.ts';
import type { AppContext } from '../context.ts';
import { type HiddenReason, type ShopperProgram, shopperProgram } from './shopper-program.ts';

export type ShopperPreview =
  | {
      visible: true;
      reason: null;
      points: number;
      eligibleCents: number;
      ratioCents: number;
      /** The campaign the points include ("double points until Sunday"), if one applies. */
      campaign: PreviewCampaign | null;
    }
  | { visible: false; reason: HiddenReason; points: 0; campaign: null };

/**
 * "Earn N points" for any visitor of a product page or cart: the store API's preview rule
 * (`previewPoints`), asked only where the program shows; elsewhere the answer says why nothing is
 * shown. `program` is the version's program as the caller already has it (the shopper routes keep
 * it for a few seconds); without it, it is read.
 */
export async function shopperPreview(
  ctx: AppContext,
  input: { shopId: string; storeVersionId: string; lines: OrderLineInput[]; orderDiscountCents: number },
  program?: ShopperProgram,
): Promise<ShopperPreview> {
  const shown = program ?? (await shopperProgram(ctx.db, input.shopId, input.storeVersionId));
  if (!shown.shown)
    return { visible: false, reason: shown.reason ?? 'no_program', points: 0, campaign: null };
  const now = ctx.clock.now();
  const campaigns = await campaignsNow(ctx).of(input.shopId, now);
  // Shown means published and selected in this version: what the store API's preview checks.
  const preview = previewPoints({
    ratioCents: shown.shown.ratioCents,
    published: true,
    versionSelected: true,
    lines: input.lines,
    orderDiscountCents: input.orderDiscountCents,
    campaigns,
    storeVersionId: input.storeVersionId,
    at: now,
  });
  return {
    visible: true,
    reason: null,
    points: preview.points,
    eligibleCents: preview.eligibleCents,
    ratioCents: shown.shown.ratioCents,
    campaign: preview.earns ? preview.campaign : null,
  };
}
