import type { RewardTier } from '../program/settings.ts';

/**
 * The monthly conversion's choice of tier (`convertBalance`: the most expensive tier the
 * balance reaches, the more valuable one on equal points) answered without allocating, for
 * the estimate's millions of conversions. simulation.test.ts checks that both always agree.
 */
export interface TierTable {
  /** Indexes into the settings' tiers, cheapest first. */
  order: Int32Array;
  /** Their points, in the same order. */
  points: Float64Array;
}

export function tierTable(tiers: RewardTier[]): TierTable {
  const order = tiers
    .map((_, i) => i)
    .sort((a, b) => tiers[a]!.points - tiers[b]!.points || tiers[a]!.valueCents - tiers[b]!.valueCents);
  return { order: Int32Array.from(order), points: Float64Array.from(order, (i) => tiers[i]!.points) };
}

/**
 * Index (into the settings' tiers) of the tier a balance converts into, or -1 for none. Takes the
 * table's arrays rather than the table, so that the hot loop calling it only ever sees typed arrays.
 */
export function tierFor(order: Int32Array, points: Float64Array, balance: number): number {
  if (points.length === 0 || balance < points[0]!) return -1;
  for (let k = points.length - 1; k >= 0; k--) if (points[k]! <= balance) return order[k]!;
  return -1;
}
