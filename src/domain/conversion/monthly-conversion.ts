import type { RewardTier } from '../program/settings.ts';

export interface Conversion {
  tier: RewardTier;
  pointsCost: number;
  valueCents: number;
  /** Balance left after the tier's points are deducted; it never expires. */
  rest: number;
}

/**
 * The month's single code: for the most expensive tier the balance reaches, however many
 * times it could be afforded. Null when the balance is below every tier (or negative).
 */
export function convertBalance(balance: number, tiers: RewardTier[]): Conversion | null {
  if (!Number.isSafeInteger(balance)) throw new RangeError(`balance must be an integer, got ${balance}`);
  let best: RewardTier | null = null;
  for (const tier of tiers) {
    if (tier.points <= balance && (!best || outranks(tier, best))) best = tier;
  }
  if (!best) return null;
  return { tier: best, pointsCost: best.points, valueCents: best.valueCents, rest: balance - best.points };
}

function outranks(tier: RewardTier, other: RewardTier): boolean {
  return tier.points > other.points || (tier.points === other.points && tier.valueCents > other.valueCents);
}
