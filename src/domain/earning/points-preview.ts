import { DomainError } from '../errors.ts';
import { eligibleCents, type OrderLineInput, validateOrderAmounts } from './eligible-amount.ts';
import { purchasePoints } from './purchase-points.ts';

export interface PointsPreviewInput {
  ratioCents: number;
  published: boolean;
  /** The store version the shopper is looking at is one where the program is visible. */
  versionSelected: boolean;
  lines: OrderLineInput[];
  orderDiscountCents: number;
}

export type PointsPreview =
  | { earns: true; points: number; eligibleCents: number }
  | {
      earns: false;
      points: 0;
      eligibleCents: number;
      reason: 'program_not_published' | 'version_not_selected';
    };

/**
 * Points a product or a cart would earn once delivered, for showing on product pages and in the
 * cart: the same eligible amount and ratio as a real order, before any loyalty code (the shopper
 * has not chosen one yet). Campaign multipliers will apply here too when campaigns exist.
 */
export function previewPoints(input: PointsPreviewInput): PointsPreview {
  const amounts = {
    lines: input.lines,
    orderDiscountCents: input.orderDiscountCents,
    codeDiscountCents: 0,
    shippingCents: 0,
    paymentFeeCents: 0,
  };
  const errors = validateOrderAmounts(amounts);
  if (errors.length) throw new DomainError('invalid_input', 'The cart is not valid', errors);
  const eligible = eligibleCents(amounts);
  if (!input.published)
    return { earns: false, points: 0, eligibleCents: eligible, reason: 'program_not_published' };
  if (!input.versionSelected)
    return { earns: false, points: 0, eligibleCents: eligible, reason: 'version_not_selected' };
  return { earns: true, points: purchasePoints(eligible, input.ratioCents), eligibleCents: eligible };
}
