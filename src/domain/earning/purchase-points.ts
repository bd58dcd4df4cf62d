/** Points for an order: one point per whole `ratioCents` of eligible amount, never negative. */
export function purchasePoints(eligibleCents: number, ratioCents: number): number {
  if (!Number.isSafeInteger(ratioCents) || ratioCents <= 0) {
    throw new RangeError(`ratioCents must be a positive integer, got ${ratioCents}`);
  }
  if (!Number.isSafeInteger(eligibleCents)) {
    throw new RangeError(`eligibleCents must be an integer, got ${eligibleCents}`);
  }
  if (eligibleCents <= 0) return 0;
  // Exact for safe integers: a quotient that is not whole lies at least 1 / ratioCents below the
  // next integer, more than its rounding can move it; and a division is cheaper than a remainder.
  return Math.floor(eligibleCents / ratioCents);
}
