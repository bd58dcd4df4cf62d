import { purchasePoints } from './purchase-points.ts';

export interface ReturnDeductionInput {
  /** Points the order was credited on delivery. */
  earnedPoints: number;
  /** Points already taken back by earlier returns of the same order. */
  alreadyDeducted: number;
  /** Eligible amount of what the member keeps after every return so far. */
  keptEligibleCents: number;
  ratioCents: number;
}

/**
 * Points to deduct now so that the order's net points equal the points the kept goods would
 * have earned. Deductions never add up to more than the order earned, and a later return
 * never gives points back: it returns 0 when nothing more is due.
 */
export function returnDeduction(input: ReturnDeductionInput): number {
  const { earnedPoints, alreadyDeducted, keptEligibleCents, ratioCents } = input;
  for (const [name, value] of Object.entries({ earnedPoints, alreadyDeducted, keptEligibleCents })) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
    }
  }
  // Never below 0 and never above what was earned, since the kept points are never negative.
  const totalDue = Math.max(0, earnedPoints - purchasePoints(keptEligibleCents, ratioCents));
  return Math.max(0, totalDue - alreadyDeducted);
}
