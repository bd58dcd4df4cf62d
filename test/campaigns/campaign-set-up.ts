import { type CampaignDraft, createCampaign } from '../../src/app/campaigns/campaigns.ts';
import type { AppContext } from '../../src/app/context.ts';
import type { PlaceOrderInput } from '../../src/app/orders/place-order.ts';
import { specOrder } from '../support/fixtures.ts';
import { campaignLine } from './campaign-lines.ts';

/** Boots 30.00 (shoes) and two caps at 10.00 (hats) with 5.90 shipping and no discount: 50.00 eligible. */
export function bootsAndCaps(
  shopId: string,
  orderId: string,
  customerId: string | null,
  at: Date,
  over: Partial<PlaceOrderInput> = {},
): PlaceOrderInput {
  return {
    ...specOrder(shopId, orderId, customerId, at),
    lines: [campaignLine('boot', 'shoes', 1, 3000), campaignLine('cap', 'hats', 2, 1000)],
    orderDiscountCents: 0,
    codeDiscountCents: 0,
    shippingCents: 590,
    paymentFeeCents: 0,
    ...over,
  };
}

/**
 * Creates campaign `id` of the shop: ×multiplierPct/100 from `startsAt` until `endsAt`, both in the
 * shop's local time; `narrowed` limits it to categories or store versions, or opens it early to members.
 */
export function addCampaign(
  ctx: AppContext,
  shopId: string,
  id: string,
  name: string,
  multiplierPct: number,
  [startsAt, endsAt]: [string, string],
  narrowed: Omit<Partial<CampaignDraft>, 'name' | 'multiplierPct' | 'startsAt' | 'endsAt'> = {},
) {
  return createCampaign(ctx, shopId, { id, name, multiplierPct, startsAt, endsAt, ...narrowed });
}
