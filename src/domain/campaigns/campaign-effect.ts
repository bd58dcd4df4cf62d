import { prorate } from '../earning/prorate.ts';
import { purchasePoints } from '../earning/purchase-points.ts';
import { type Campaign, campaignInForce, campaignOpensAt } from './campaign.ts';
import { campaignWeightKept } from './campaign-weight.ts';
import { type CampaignLine, campaignCovers, lineMultipliers } from './line-multiplier.ts';

/** A line of a delivered order as it was placed: its eligible cents, units, units returned, kept multiplier. */
export interface EffectLine extends CampaignLine {
  eligibleCents: number;
  quantity: number;
  returnedQuantity: number;
  multiplierPct: number;
}

/** A delivered order that earned, at the ratio it was credited at. */
export interface EffectOrder {
  storeVersionId: string;
  placedAt: Date;
  ratioCents: number;
  lines: readonly EffectLine[];
}

/**
 * The points a delivered order still counts with its lines' kept multipliers, and what it would
 * count without `campaign`: each line the campaign covered at the order's placement falls back
 * to the highest of the other campaigns that covered it then (100 without one), never above the
 * multiplier it kept. A line another campaign gave more than this one keeps that multiplier, so
 * an overlap is credited to the campaign that decided the line. Returned units count for neither.
 */
export function orderPointsWithout(
  order: EffectOrder,
  campaign: Campaign,
  others: readonly Campaign[],
): { withCampaign: number; withoutCampaign: number } {
  const kept = order.lines.map(
    (l) => prorate(l.eligibleCents, [l.quantity - l.returnedQuantity, l.returnedQuantity])[0]!,
  );
  const keptEligible = kept.reduce((sum, cents) => sum + cents, 0);
  const covered = campaignInForce(campaign, order.placedAt);
  const otherBest = lineMultipliers(others, order);
  const without = order.lines.map((l, i) =>
    covered && campaignCovers(campaign, l, order.storeVersionId)
      ? Math.min(l.multiplierPct, otherBest[i]!)
      : l.multiplierPct,
  );
  const multipliers = order.lines.map((l) => l.multiplierPct);
  return {
    withCampaign: purchasePoints(keptEligible, order.ratioCents, campaignWeightKept(kept, multipliers)),
    withoutCampaign: purchasePoints(keptEligible, order.ratioCents, campaignWeightKept(kept, without)),
  };
}

/** A delivered order's kept amounts as the orders table keeps them (docs/campaigns.md, "The points"). */
export interface EffectOrderTotals {
  ratioCents: number;
  keptEligibleCents: number;
  /** Σ kept lines' eligible cents × (multiplier − 100). */
  keptCampaignWeight: number;
}

/**
 * `orderPointsWithout` when no other campaign was in force during the campaign: every multiplier
 * above 100 on an order of its period is its own, so without it the order earns by the plain rule,
 * and the order's kept totals suffice (no lines to read).
 */
export function orderPointsAlone(order: EffectOrderTotals): {
  withCampaign: number;
  withoutCampaign: number;
} {
  return {
    withCampaign: purchasePoints(order.keptEligibleCents, order.ratioCents, order.keptCampaignWeight),
    withoutCampaign: purchasePoints(order.keptEligibleCents, order.ratioCents),
  };
}

/** Extra points over these orders' points with and without the campaign, and how many orders got any. */
export function campaignExtraPoints(points: readonly { withCampaign: number; withoutCampaign: number }[]): {
  extraPoints: number;
  ordersWithExtra: number;
} {
  let extraPoints = 0;
  let ordersWithExtra = 0;
  for (const { withCampaign, withoutCampaign } of points) {
    extraPoints += withCampaign - withoutCampaign;
    if (withCampaign > withoutCampaign) ordersWithExtra++;
  }
  return { extraPoints, ordersWithExtra };
}

/** Half-open periods of time. */
export interface Period {
  from: Date;
  to: Date;
}

/**
 * The periods a campaign's effect compares: the time it has been in force (from its opening to its
 * end, or to `now` while it runs) and the same length of time just before it opened. Null before
 * it opens.
 */
export function campaignEffectPeriods(
  c: Pick<Campaign, 'startsAt' | 'endsAt' | 'membersFrom'>,
  now: Date,
): { during: Period; before: Period } | null {
  const from = campaignOpensAt(c);
  if (now <= from) return null;
  const to = now < c.endsAt ? now : c.endsAt;
  const length = to.getTime() - from.getTime();
  return { during: { from, to }, before: { from: new Date(from.getTime() - length), to: from } };
}

/** How much `during` is above (positive) or below `before`, as a share of `before`; null when `before` is 0. */
export function changeShare(during: number, before: number): number | null {
  return before > 0 ? (during - before) / before : null;
}
