import type { RewardTier } from '../../domain/program/settings.ts';

/**
 * The cheapest tier the balance has not reached yet and the points still missing, or null when
 * the balance reaches every tier. Pure: what My Account shows as "N points to the next reward".
 */
export function nextTier(
  balance: number,
  tiers: RewardTier[],
): { tier: RewardTier; pointsMissing: number } | null {
  let next: RewardTier | null = null;
  for (const tier of tiers) {
    if (tier.points <= balance) continue;
    if (
      !next ||
      tier.points < next.points ||
      (tier.points === next.points && tier.valueCents > next.valueCents)
    )
      next = tier;
  }
  return next ? { tier: next, pointsMissing: next.points - balance } : null;
}
