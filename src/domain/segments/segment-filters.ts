import { z } from 'zod';
import type { FieldError } from '../errors.ts';
import { MAX_TIER_POINTS } from '../limits.ts';

/** The longest look back or ahead a segment's day filters take: ten years. */
export const MAX_SEGMENT_DAYS = 3660;
/** Totals in cents a spend filter takes: a billion euros. */
const MAX_SPEND_CENTS = 100_000_000_000;
const MAX_BALANCE = 1_000_000_000;

const days = (what: string) =>
  z.int().min(0).max(MAX_SEGMENT_DAYS, `At most ${MAX_SEGMENT_DAYS} days`).optional().describe(what);
const balance = (what: string) => z.int().min(-MAX_BALANCE).max(MAX_BALANCE).optional().describe(what);
const cents = (what: string) => z.int().min(0).max(MAX_SPEND_CENTS).optional().describe(what);
const tierPoints = (what: string) => z.int().min(1).max(MAX_TIER_POINTS).optional().describe(what);

/**
 * A segment's filters: every filter given must hold (they are ANDed); none given is every current
 * member. Ranges are inclusive. "Within N days" counts calendar days in the shop's time zone
 * (`withinDaysStart`, `expiringBefore`).
 */
export const segmentFiltersSchema = z
  .object({
    balanceMin: balance('Points balance at least this'),
    balanceMax: balance('Points balance at most this'),
    pointsToNextTierMin: tierPoints('Points still missing to the next reward tier, at least this'),
    pointsToNextTierMax: tierPoints(
      'Points still missing to the next reward tier, at most this (members past every tier are left out)',
    ),
    codesExpiringWithinDays: days(
      'Holds a code that can still be spent and whose last valid day is within this many days from today (0: today)',
    ),
    joinedWithinDays: days('Joined today or within this many days before today'),
    lastOrderWithinDays: days('Placed an order (not cancelled) today or within this many days before today'),
    spendMinCents: cents(
      'Total spend in cents at least this: the eligible amount kept of orders not cancelled',
    ),
    spendMaxCents: cents('Total spend in cents at most this'),
    storeVersionId: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('Has placed an order (not cancelled) in this store version'),
    marketingConsent: z
      .boolean()
      .optional()
      .describe('true: consented to marketing; false: did not (withdrew or never asked)'),
  })
  .strict();
export type SegmentFilters = z.infer<typeof segmentFiltersSchema>;

/** The filters' names, in the order forms and documents show them. */
export const SEGMENT_FILTER_KEYS = Object.keys(segmentFiltersSchema.shape) as (keyof SegmentFilters)[];

/** A range whose lower end is above its upper end selects nobody: it is refused as a mistake. */
export function segmentFilterErrors(filters: SegmentFilters): FieldError[] {
  const errors: FieldError[] = [];
  const pairs: [keyof SegmentFilters, keyof SegmentFilters][] = [
    ['balanceMin', 'balanceMax'],
    ['pointsToNextTierMin', 'pointsToNextTierMax'],
    ['spendMinCents', 'spendMaxCents'],
  ];
  for (const [low, high] of pairs) {
    const a = filters[low];
    const b = filters[high];
    if (typeof a === 'number' && typeof b === 'number' && a > b)
      errors.push({ field: high, message: `Give at least ${a} (the lower end)` });
  }
  return errors;
}
