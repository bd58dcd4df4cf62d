import { conversionSteps } from '../conversion/monthly-conversion.ts';
import type { RewardTier } from '../program/settings.ts';

/**
 * The monthly conversion's choice of tier (`convertBalance`) as typed arrays, answered without
 * allocating, for the estimate's millions of conversions. Built from `conversionSteps`, which asks
 * `convertBalance` at every tier price, so the estimate has no copy of the rule of its own.
 */
export interface TierTable {
  /** Indexes into the settings' tiers of the tier chosen from each step on, cheapest step first. */
  order: Int32Array;
  /** Where each step begins (the distinct tier prices), ascending. */
  points: Float64Array;
}

export function tierTable(tiers: RewardTier[]): TierTable {
  const steps = conversionSteps(tiers);
  return {
    order: Int32Array.from(steps, (step) => step.index),
    points: Float64Array.from(steps, (step) => step.from),
  };
}

/**
 * Index (into the settings' tiers) of the tier a balance converts into, or -1 for none: the step
 * the balance is in. Takes the table's arrays rather than the table, so that the hot loop calling
 * it only ever sees typed arrays.
 */
export function tierFor(order: Int32Array, points: Float64Array, balance: number): number {
  if (points.length === 0 || balance < points[0]!) return -1;
  for (let k = points.length - 1; k >= 0; k--) if (points[k]! <= balance) return order[k]!;
  return -1;
}
