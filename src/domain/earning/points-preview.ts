import { type Campaign, campaignInForce } from '../campaigns/campaign.ts';
import { campaignWeight } from '../campaigns/campaign-weight.ts';
import { campaignCovers, lineMultipliers } from '../campaigns/line-multiplier.ts';
import { DomainError } from '../errors.ts';
import { eligibleLines, type OrderLineInput, validateOrderAmounts } from './eligible-amount.ts';
import { purchasePoints } from './purchase-points.ts';

export interface PointsPreviewInput {
  ratioCents: number;
  published: boolean;
  /** The store version the shopper is looking at is one where the program is visible. */
  versionSelected: boolean;
  lines: OrderLineInput[];
  orderDiscountCents: number;
  /** The shop's campaigns (those not in force at `at`, or not covering a line, change nothing). */
  campaigns?: readonly Campaign[];
  storeVersionId?: string;
  at?: Date;
}

/** The campaign a preview shows ("double points until Sunday"): the highest multiplier it applied. */
export interface PreviewCampaign {
  id: string;
  name: string;
  multiplierPct: number;
  endsAt: Date;
}

export type PointsPreview =
  | { earns: true; points: number; eligibleCents: number; campaign: PreviewCampaign | null }
  | {
      earns: false;
      points: 0;
      eligibleCents: number;
      reason: 'program_not_published' | 'version_not_selected';
    };

/**
 * Points a product or a cart would earn once delivered, for showing on product pages and in the
 * cart: the same eligible amount and ratio as a real order, before any loyalty code (the shopper
 * has not chosen one yet), and the multipliers of the campaigns in force at `at` in the store version,
 * each line at the highest that covers it, as an order placed then would have them.
 */
export function previewPoints(input: PointsPreviewInput): PointsPreview {
  const amounts = {
    lines: input.lines,
    orderDiscountCents: input.orderDiscountCents,
    codeDiscountCents: 0,
    shippingCents: 0,
    paymentFeeCents: 0,
  };
  const errors = validateOrderAmounts(amounts);
  if (errors.length) throw new DomainError('invalid_input', 'The cart is not valid', errors);
  const lines = eligibleLines(amounts);
  const eligible = lines.reduce((sum, l) => sum + l.eligibleCents, 0);
  if (!input.published)
    return { earns: false, points: 0, eligibleCents: eligible, reason: 'program_not_published' };
  if (!input.versionSelected)
    return { earns: false, points: 0, eligibleCents: eligible, reason: 'version_not_selected' };
  const inForce = input.at ? (input.campaigns ?? []).filter((c) => campaignInForce(c, input.at!)) : [];
  if (inForce.length === 0 || !input.at) {
    return {
      earns: true,
      points: purchasePoints(eligible, input.ratioCents),
      eligibleCents: eligible,
      campaign: null,
    };
  }
  const multipliers = lineMultipliers(inForce, {
    storeVersionId: input.storeVersionId ?? '',
    placedAt: input.at,
    lines: input.lines,
  });
  const weight = campaignWeight(
    lines.map((l, i) => ({ eligibleCents: l.eligibleCents, multiplierPct: multipliers[i]! })),
  );
  const best = Math.max(...multipliers);
  const version = input.storeVersionId ?? '';
  const shown = inForce
    .filter(
      (c) => c.multiplierPct === best && best > 100 && input.lines.some((l) => campaignCovers(c, l, version)),
    )
    .sort(byEnd)[0];
  return {
    earns: true,
    points: purchasePoints(eligible, input.ratioCents, weight),
    eligibleCents: eligible,
    campaign: shown
      ? { id: shown.id, name: shown.name, multiplierPct: shown.multiplierPct, endsAt: shown.endsAt }
      : null,
  };
}

/** The campaign that ends first among equals: what "until …" should name. */
function byEnd(a: Campaign, b: Campaign): number {
  return a.endsAt.getTime() - b.endsAt.getTime();
}
