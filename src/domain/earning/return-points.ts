import { DomainError, type FieldError } from '../errors.ts';
import { purchasePoints } from './purchase-points.ts';

export interface ReturnDeductionInput {
  /** Points the order was credited on delivery. */
  earnedPoints: number;
  /** Points already taken back by earlier returns of the same order. */
  alreadyDeducted: number;
  /** Eligible amount of what the member keeps after every return so far. */
  keptEligibleCents: number;
  /** What campaigns add to the kept lines' points (see `purchasePoints`), at the multipliers of their placement. */
  keptCampaignWeight?: number;
  ratioCents: number;
}

/**
 * Points to deduct now so that the order's net points equal the points the kept goods would
 * have earned. Deductions never add up to more than the order earned, and a later return
 * never gives points back: it returns 0 when nothing more is due.
 */
export function returnDeduction(input: ReturnDeductionInput): number {
  const { earnedPoints, alreadyDeducted, keptEligibleCents, ratioCents, keptCampaignWeight = 0 } = input;
  for (const [name, value] of Object.entries({ earnedPoints, alreadyDeducted, keptEligibleCents })) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
    }
  }
  // Never below 0 and never above what was earned, since the kept points are never negative.
  const totalDue = Math.max(
    0,
    earnedPoints - purchasePoints(keptEligibleCents, ratioCents, keptCampaignWeight),
  );
  return Math.max(0, totalDue - alreadyDeducted);
}

/** An order line as a return sees it: its number, its units and the units returned before. */
export interface ReturnableLine {
  lineNo: number;
  quantity: number;
  returnedQuantity: number;
}

/**
 * The units of each line returned after a return of `returning` (line numbers and quantities), in
 * the order of `lines`. Refuses, naming every bad field, a line the order does not have, a
 * quantity that is not a positive whole number, more units than the line has left
 * (`return_exceeds_order`) and a return of no lines.
 */
export function returnedAfter(
  lines: ReturnableLine[],
  returning: { lineNo: number; quantity: number }[],
): number[] {
  const returned = lines.map((l) => l.returnedQuantity);
  const errors: FieldError[] = [];
  returning.forEach((r, i) => {
    const index = lines.findIndex((l) => l.lineNo === r.lineNo);
    if (index < 0) {
      errors.push({ field: `lines.${i}.lineNo`, message: `The order has no line ${r.lineNo}` });
    } else if (!Number.isSafeInteger(r.quantity) || r.quantity <= 0) {
      errors.push({
        field: `lines.${i}.quantity`,
        message: 'The quantity returned must be a positive whole number',
      });
    } else {
      returned[index]! += r.quantity;
      if (returned[index]! > lines[index]!.quantity) {
        errors.push({
          field: `lines.${i}.quantity`,
          message: `Line ${r.lineNo} had ${lines[index]!.quantity} units and ${lines[index]!.returnedQuantity} were already returned`,
        });
      }
    }
  });
  if (returning.length === 0) errors.push({ field: 'lines', message: 'Name at least one returned line' });
  if (errors.length) {
    const code = errors.some((e) => e.message.includes('already returned'))
      ? 'return_exceeds_order'
      : 'invalid_input';
    throw new DomainError(code, 'The return does not match the order', errors);
  }
  return returned;
}
