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
 * times it could be afforded; of tiers costing the same, the more valuable one, and of equal
 * ones the first listed. Null when the balance is below every tier (or negative).
 *
 * This is the rule. The estimate's tier table (src/domain/simulation/tier-table.ts) and the
 * monthly run's SQL (src/app/monthly/tier-sql.ts) are both built from `conversionSteps`, which
 * asks this function, so there is no second copy of the rule to keep in step.
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

/** From `from` points up to the next step's `from` (exclusive), a balance converts into `tiers[index]`. */
export interface ConversionStep {
  from: number;
  /** Index into the settings' tiers of the tier chosen. */
  index: number;
  points: number;
  valueCents: number;
}

/**
 * `convertBalance` written out as a step function, cheapest step first: one step per distinct
 * tier price. Below the first step's `from` nothing converts.
 *
 * Derived from `convertBalance` itself rather than restating it: which tier it picks depends only
 * on which tiers the balance reaches (`points <= balance`), and that set is the same for every
 * balance from one distinct tier price up to the next, so asking `convertBalance` at each price
 * gives its answer for the whole interval. A change to the rule therefore reaches the estimate
 * and the SQL without touching them (test/app/tier-choice-agreement.test.ts checks all three).
 */
export function conversionSteps(tiers: RewardTier[]): ConversionStep[] {
  const prices = [...new Set(tiers.map((tier) => tier.points))].sort((a, b) => a - b);
  return prices.map((from) => {
    const conversion = convertBalance(from, tiers);
    if (!conversion) throw new Error(`A balance of ${from} reaches the tier costing ${from}`);
    return {
      from,
      index: tiers.indexOf(conversion.tier),
      points: conversion.pointsCost,
      valueCents: conversion.valueCents,
    };
  });
}
