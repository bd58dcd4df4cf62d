import type { Cents, Points } from '../money.ts';
import type { RewardTier } from '../program/settings.ts';

/**
 * The tier that pays the most euros per point: the rate at which outstanding points are valued,
 * as the most a balance could be worth once it reaches that tier. Compared by cross-multiplying,
 * never as floats; of two tiers with the same rate the cheaper one is taken (same value either way).
 */
export function bestTier(tiers: readonly RewardTier[]): RewardTier | null {
  let best: RewardTier | null = null;
  for (const tier of tiers) {
    if (
      !best ||
      BigInt(tier.valueCents) * BigInt(best.points) > BigInt(best.valueCents) * BigInt(tier.points)
    )
      best = tier;
  }
  return best;
}

/** `a × b / c` rounded half away from zero, exactly (BigInt), for sums beyond 2^53 / b; c > 0. */
export function mulDivRound(a: number, b: number, c: number): number {
  if (c <= 0) throw new RangeError('The divisor must be positive');
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  const half = n >= 0n ? (2n * n + d) / (2n * d) : -((-2n * n + d) / (2n * d));
  return Number(half);
}

/** Points valued at a tier's rate, in cents rounded to the nearest cent. */
export function pointsValueCents(points: Points, tier: RewardTier): Cents {
  return mulDivRound(points, tier.valueCents, tier.points);
}

/**
 * The expected breakage rate from history: the value of codes that expired unused over the value
 * of codes whose fate is known (expired unused, or used). Null when no code has either expired or
 * been used yet: there is no history to estimate from.
 */
export interface BreakageRate {
  expiredCents: Cents;
  decidedCents: Cents;
}

/** The rate in basis points (1 = 0.01 %), rounded; null without history. */
export function breakageRateBp(rate: BreakageRate): number | null {
  return rate.decidedCents > 0 ? mulDivRound(rate.expiredCents, 10_000, rate.decidedCents) : null;
}

/**
 * Unused codes' value net of the breakage expected on it: what the codes are expected to cost,
 * `unused × (1 − rate)`, rounded to the cent. Without history the whole value is expected to be used.
 */
export function netOfBreakage(unusedCents: Cents, rate: BreakageRate): Cents {
  if (rate.decidedCents <= 0) return unusedCents;
  return unusedCents - mulDivRound(unusedCents, rate.expiredCents, rate.decidedCents);
}
