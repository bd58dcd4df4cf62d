import type { RewardTier } from '../program/settings.ts';

/**
 * The monthly conversion's choice of tier (`convertBalance`: the most expensive tier the
 * balance reaches, the more valuable one on equal points) answered without allocating, for
 * the estimate's millions of conversions. simulation.test.ts checks that both always agree.
 */
export interface TierTable {
  /** Indexes into the settings' tiers, cheapest first. */
  order: number[];
  points: Float64Array;
  lowest: number;
}

export function tierTable(tiers: RewardTier[]): TierTable {
  const order = tiers
    .map((_, i) => i)
    .sort((a, b) => tiers[a]!.points - tiers[b]!.points || tiers[a]!.valueCents - tiers[b]!.valueCents);
  const points = Float64Array.from(order, (i) => tiers[i]!.points);
  return { order, points, lowest: points.length ? points[0]! : Number.POSITIVE_INFINITY };
}

/** Index (into the settings' tiers) of the tier a balance converts into, or -1 for none. */
export function tierFor(table: TierTable, balance: number): number {
  if (balance < table.lowest) return -1;
  for (let k = table.points.length - 1; k >= 0; k--) if (table.points[k]! <= balance) return table.order[k]!;
  return -1;
}
