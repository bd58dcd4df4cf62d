import { type Campaign, campaignInForce, MIN_MULTIPLIER_PCT } from './campaign.ts';

/** What a campaign looks at in an order line. */
export interface CampaignLine {
  productId: string;
  category?: string | null;
  giftCard?: boolean;
}

/**
 * The campaign covers the line of an order placed in `storeVersionId`: the order's store version
 * is among its versions (or it has none), and the line's product or its category is among its
 * products or categories (or it names neither). Gift cards earn nothing, campaign or not.
 */
export function campaignCovers(
  c: Pick<Campaign, 'productIds' | 'categories' | 'storeVersionIds'>,
  line: CampaignLine,
  storeVersionId: string,
): boolean {
  if (line.giftCard) return false;
  if (c.storeVersionIds.length > 0 && !c.storeVersionIds.includes(storeVersionId)) return false;
  if (c.productIds.length === 0 && c.categories.length === 0) return true;
  return (
    c.productIds.includes(line.productId) || (line.category != null && c.categories.includes(line.category))
  );
}

/**
 * The multiplier of each line of an order placed at `placedAt`: the highest of the campaigns in
 * force then that cover it, never a product of several; 100 (×1) when none does.
 */
export function lineMultipliers(
  campaigns: readonly Campaign[],
  order: { storeVersionId: string; placedAt: Date; lines: readonly CampaignLine[] },
): number[] {
  const inForce = campaigns.filter((c) => campaignInForce(c, order.placedAt));
  return order.lines.map((line) =>
    inForce.reduce(
      (best, c) =>
        c.multiplierPct > best && campaignCovers(c, line, order.storeVersionId) ? c.multiplierPct : best,
      MIN_MULTIPLIER_PCT,
    ),
  );
}
