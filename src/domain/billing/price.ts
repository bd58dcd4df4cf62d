import { DomainError, type FieldError } from '../errors.ts';

/** A shop's price: a monthly fee and a commission on members' delivered eligible value. */
export interface BillingPrice {
  monthlyFeeCents: number;
  /** Basis points: 150 is 1.5 %. */
  commissionBp: number;
}

/** The price of a shop the operator has not priced (docs/billing.md): 29.00 € a month and 1.5 %. */
export const DEFAULT_PRICE: Readonly<BillingPrice> = Object.freeze({
  monthlyFeeCents: 2900,
  commissionBp: 150,
});

/** The largest monthly fee (100,000.00 €) and commission (100 %) the operator may set. */
export const MAX_MONTHLY_FEE_CENTS = 10_000_000;
export const MAX_COMMISSION_BP = 10_000;

/** Refuses, naming each bad field, a fee or commission that is not a whole number within its bounds. */
export function validatePrice(price: BillingPrice): BillingPrice {
  const errors = [
    boundsError('monthlyFeeCents', price.monthlyFeeCents, MAX_MONTHLY_FEE_CENTS, {
      name: 'The monthly fee',
      unit: 'cents',
    }),
    boundsError('commissionBp', price.commissionBp, MAX_COMMISSION_BP, {
      name: 'The commission',
      unit: 'basis points',
      most: ' (100 %)',
    }),
  ].filter((e) => e !== null);
  if (errors.length) throw new DomainError('invalid_input', 'The price is not valid', errors);
  return { monthlyFeeCents: price.monthlyFeeCents, commissionBp: price.commissionBp };
}

/** Why `value` is not a whole number of `unit` from 0 to `max`, or null when it is. */
function boundsError(
  field: keyof BillingPrice,
  value: number,
  max: number,
  words: { name: string; unit: string; most?: string },
): FieldError | null {
  if (!Number.isSafeInteger(value) || value < 0)
    return { field, message: `${words.name} must be a whole number of ${words.unit}, 0 or more` };
  if (value > max)
    return { field, message: `${words.name} is at most ${max} ${words.unit}${words.most ?? ''}` };
  return null;
}

/**
 * numerator / denominator rounded half up, for non-negative integers; exact (BigInt) however
 * large the product that made the numerator.
 */
export function divideHalfUp(numerator: bigint, denominator: bigint): number {
  if (numerator < 0n || denominator <= 0n) {
    throw new RangeError(`divideHalfUp needs a non-negative numerator and a positive denominator`);
  }
  return Number((2n * numerator + denominator) / (2n * denominator));
}

/** The commission on `basisCents` at `bp` basis points, rounded half up to the cent. */
export function commissionCents(basisCents: number, bp: number): number {
  if (!Number.isSafeInteger(basisCents) || basisCents < 0) {
    throw new RangeError(`basisCents must be a non-negative integer, got ${basisCents}`);
  }
  return divideHalfUp(BigInt(basisCents) * BigInt(bp), 10_000n);
}
