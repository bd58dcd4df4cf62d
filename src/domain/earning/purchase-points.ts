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

export interface PurchaseCredit {
  /** The ratio the order is credited at, kept with the order for returns; null when it earns nothing. */
  ratioCents: number | null;
  points: number;
}

/**
 * What an order's delivery credits (a sale at the till is delivered at once): purchase points on
 * what it still counts, at the program's ratio, when it earns and has a customer to credit.
 */
export function purchaseCredit(order: {
  earns: boolean;
  customerId: string | null;
  eligibleCents: number;
  purchaseRatioCents: number | null;
}): PurchaseCredit {
  const ratioCents = order.earns ? order.purchaseRatioCents : null;
  const points = ratioCents && order.customerId ? purchasePoints(order.eligibleCents, ratioCents) : 0;
  return { ratioCents, points };
}
