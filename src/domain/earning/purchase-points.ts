/**
 * Points for an order: one point per whole `ratioCents` of eligible amount, never negative. With
 * campaigns, `campaignWeight` (`campaignWeight` in src/domain/campaigns/campaign-weight.ts: Σ line
 * eligible cents × (multiplier − 100)) adds to it: floor((100 × eligible + weight) / (100 × ratio)),
 * which is the plain rule exactly when the weight is 0.
 */
export function purchasePoints(eligibleCents: number, ratioCents: number, campaignWeight = 0): number {
  if (!Number.isSafeInteger(ratioCents) || ratioCents <= 0) {
    throw new RangeError(`ratioCents must be a positive integer, got ${ratioCents}`);
  }
  if (!Number.isSafeInteger(eligibleCents)) {
    throw new RangeError(`eligibleCents must be an integer, got ${eligibleCents}`);
  }
  if (!Number.isSafeInteger(campaignWeight) || campaignWeight < 0) {
    throw new RangeError(`campaignWeight must be a non-negative integer, got ${campaignWeight}`);
  }
  if (eligibleCents <= 0) return 0;
  // floor((100e + w) / 100r) = floor((e + floor(w / 100)) / r): w / 100's fraction never crosses a
  // whole multiple of r once e is whole. Both steps stay in safe integers.
  if (campaignWeight > 0) return Math.floor((eligibleCents + Math.floor(campaignWeight / 100)) / ratioCents);
  // Exact for safe integers: a quotient that is not whole lies at least 1 / ratioCents below the
  // next integer, more than its rounding can move it; and a division is cheaper than a remainder.
  return Math.floor(eligibleCents / ratioCents);
}

export interface PurchaseCredit {
  /** The ratio the order is credited at, kept with the order for returns; null when it earns nothing. */
  ratioCents: number | null;
  points: number;
}

/**
 * What an order's delivery credits (a sale at the till is delivered at once): purchase points on
 * what it still counts, at the program's ratio, when it earns and has a customer to credit.
 */
export function purchaseCredit(order: {
  earns: boolean;
  customerId: string | null;
  eligibleCents: number;
  /** What campaigns add (see `purchasePoints`); 0 or absent without a campaign. */
  campaignWeight?: number;
  purchaseRatioCents: number | null;
}): PurchaseCredit {
  const ratioCents = order.earns ? order.purchaseRatioCents : null;
  const points =
    ratioCents && order.customerId
      ? purchasePoints(order.eligibleCents, ratioCents, order.campaignWeight)
      : 0;
  return { ratioCents, points };
}
