/**
 * Review points are paid once per order, when the merchant approves the first review of one
 * of its products.
 *
 * Only a delivered order qualifies: a cancelled order earns nothing (SPEC), and it is never
 * delivered, so `orderDelivered` is false for it. Returns after delivery do not take review
 * points back; the review was still written.
 */
export function reviewPointsDue(input: {
  reviewPoints: number;
  orderAlreadyRewarded: boolean;
  orderDelivered: boolean;
}): number {
  if (!Number.isSafeInteger(input.reviewPoints) || input.reviewPoints < 0) {
    throw new RangeError(`reviewPoints must be a non-negative integer, got ${input.reviewPoints}`);
  }
  if (input.orderAlreadyRewarded || !input.orderDelivered) return 0;
  return input.reviewPoints;
}
