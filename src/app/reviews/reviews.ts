import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { reviewPointsDue } from '../../domain/earning/review-points.ts';
import { DomainError } from '../../domain/errors.ts';
import { reviewEntry, reviewKey } from '../../domain/ledger/entries.ts';
import type { AppContext } from '../context.ts';
import { isPosted } from '../ledger/balance.ts';
import { postEntry } from '../ledger/ledger-writer.ts';
import { lockOrder } from '../orders/lock-order.ts';
import { loadProgram } from '../program/load-program.ts';
import { shopRowById } from '../shop-rows.ts';

export interface SubmitReviewInput {
  shopId: string;
  reviewId: string;
  orderId: string;
  productId: string;
  submittedAt?: Date;
}

/** Records a shopper's review of a product of one of their orders; it earns nothing until approved. */
export async function submitReview(
  ctx: AppContext,
  input: SubmitReviewInput,
): Promise<{ outcome: 'applied' | 'duplicate' }> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, input.shopId, input.orderId);
    if (!order.customer_id) {
      throw new DomainError('invalid_input', 'A guest order cannot be reviewed for points', [
        { field: 'orderId', message: 'The order has no customer' },
      ]);
    }
    const inserted = await trx
      .insertInto('reviews')
      .values({
        shop_id: input.shopId,
        id: input.reviewId,
        order_id: input.orderId,
        customer_id: order.customer_id,
        product_id: input.productId,
        status: 'submitted',
        submitted_at: input.submittedAt ?? now,
        decided_at: null,
      })
      .onConflict((oc) => oc.columns(['shop_id', 'id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return { outcome: inserted ? 'applied' : 'duplicate' };
  });
}

export interface ReviewDecision {
  outcome: 'applied' | 'duplicate';
  pointsCredited: number;
}

/** Approves a review; the first approved review of an order pays the review points, once per order. */
export function approveReview(
  ctx: AppContext,
  input: { shopId: string; reviewId: string },
): Promise<ReviewDecision> {
  return decideReview(ctx, input, 'approved', payReviewPoints);
}

/** Rejects a review. Points already paid for the order stay: approval of another review may have paid them. */
export function rejectReview(
  ctx: AppContext,
  input: { shopId: string; reviewId: string },
): Promise<ReviewDecision> {
  return decideReview(ctx, input, 'rejected', async () => 0);
}

type Review = Awaited<ReturnType<typeof findReview>>;

/** Records a decision once (the same decision again is a duplicate), with the points it pays. */
function decideReview(
  ctx: AppContext,
  input: { shopId: string; reviewId: string },
  status: 'approved' | 'rejected',
  pay: (trx: Transaction<Database>, review: Review, now: Date) => Promise<number>,
): Promise<ReviewDecision> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const review = await findReview(trx, input.shopId, input.reviewId);
    if (review.status === status) return { outcome: 'duplicate', pointsCredited: 0 };
    await trx
      .updateTable('reviews')
      .set({ status, decided_at: now })
      .where('shop_id', '=', input.shopId)
      .where('id', '=', input.reviewId)
      .execute();
    return { outcome: 'applied', pointsCredited: await pay(trx, review, now) };
  });
}

/** The review points an approval pays: once per order, for a delivered order that earns. */
async function payReviewPoints(trx: Transaction<Database>, review: Review, now: Date): Promise<number> {
  const order = await lockOrder(trx, review.shop_id, review.order_id);
  const program = await loadProgram(trx, review.shop_id);
  const points = order.earns
    ? reviewPointsDue({
        reviewPoints: program.settings.reviewPoints,
        orderAlreadyRewarded: await isPosted(trx, review.shop_id, reviewKey(order.id)),
        orderDelivered: order.status === 'delivered',
      })
    : 0;
  if (points > 0) {
    await postEntry(
      trx,
      reviewEntry({
        shopId: review.shop_id,
        customerId: review.customer_id,
        orderId: order.id,
        reviewId: review.id,
        points,
        at: now,
      }),
    );
  }
  return points;
}

async function findReview(trx: Transaction<Database>, shopId: string, reviewId: string) {
  const review = await shopRowById(trx, 'reviews', shopId, reviewId, 'for update');
  if (!review) throw new DomainError('review_not_found', `Review "${reviewId}" does not exist in this shop`);
  return review;
}
