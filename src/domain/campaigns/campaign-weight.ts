import { MIN_MULTIPLIER_PCT } from './campaign.ts';

/**
 * What campaigns add to an order's points, as a weight in hundredths of a cent: Σ eligible cents ×
 * (multiplier − 100) over its lines. An order's points are then
 * floor((100 × eligible cents + weight) / (100 × ratio cents)) (`purchasePoints`), which is the
 * plain rule exactly when the weight is 0. Never negative, since a multiplier is never below 100.
 */
export function campaignWeight(lines: readonly { eligibleCents: number; multiplierPct: number }[]): number {
  let weight = 0;
  for (const line of lines) weight += line.eligibleCents * (line.multiplierPct - MIN_MULTIPLIER_PCT);
  return weight;
}

/** The weight of the lines still kept: each line's kept eligible cents at its own multiplier. */
export function campaignWeightKept(keptEligible: readonly number[], multipliers: readonly number[]): number {
  return campaignWeight(
    keptEligible.map((eligibleCents, i) => ({ eligibleCents, multiplierPct: multipliers[i] ?? 100 })),
  );
}
