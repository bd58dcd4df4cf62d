import { DomainError, type FieldError } from '../errors.ts';
import { MAX_ADJUSTMENT_POINTS, MAX_BALANCE_POINTS, MAX_REASON_LENGTH } from '../limits.ts';

/** A manual adjustment as typed: points other than zero within the bound, and a reason within its length. */
export function adjustmentErrors(points: number, reason: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!Number.isSafeInteger(points) || points === 0) {
    errors.push({ field: 'points', message: 'A whole number other than zero' });
  } else if (Math.abs(points) > MAX_ADJUSTMENT_POINTS) {
    errors.push({
      field: 'points',
      message: `At most ${MAX_ADJUSTMENT_POINTS} points either way in one adjustment`,
    });
  }
  if (reason.length > MAX_REASON_LENGTH) {
    errors.push({ field: 'reason', message: `At most ${MAX_REASON_LENGTH} characters` });
  }
  return errors;
}

/**
 * Refuses an adjustment that would take a balance beyond ±MAX_BALANCE_POINTS. One that moves a
 * balance back towards the range is always allowed.
 */
export function assertBalanceAfterAdjustment(balance: number, points: number): void {
  const after = balance + points;
  if ((points > 0 && after > MAX_BALANCE_POINTS) || (points < 0 && after < -MAX_BALANCE_POINTS)) {
    throw new DomainError(
      'invalid_input',
      `A balance is at most ${MAX_BALANCE_POINTS} points either way; this one is ${balance}`,
      [
        {
          field: 'points',
          message: `Would take the balance to ${after}, beyond ${points > 0 ? '' : '-'}${MAX_BALANCE_POINTS}`,
        },
      ],
    );
  }
}
