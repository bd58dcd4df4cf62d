import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { reviewPointsDue } from '../../domain/earning/review-points.ts';
import { DomainError } from '../../domain/errors.ts';
import { reviewEntry, reviewKey } from '../../domain/ledger/entries.ts';
import type { AppContext } from '../context.ts';
import { postEntry } from '../ledger/ledger-writer.ts';
import { lockOrder } from '../orders/lock-order.ts';
import { loadProgram } from '../program/load-program.ts';

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
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const review = await findReview(trx, input.shopId, input.reviewId);
    if (review.status === 'approved') return { outcome: 'duplicate', pointsCredited: 0 };
    const order = await lockOrder(trx, input.shopId, review.order_id);
    await decideReview(trx, input, 'approved', now);
    const program = await loadProgram(trx, input.shopId);
    const key = reviewKey(order.id);
    const rewarded = await trx
      .selectFrom('ledger_entries')
      .select('id')
      .where('shop_id', '=', input.shopId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    const points = order.earns
      ? reviewPointsDue({
          reviewPoints: program.settings.reviewPoints,
          orderAlreadyRewarded: rewarded !== undefined,
          orderDelivered: order.status === 'delivered',
        })
      : 0;
    if (points > 0) {
      await postEntry(
        trx,
        reviewEntry({
          shopId: input.shopId,
          customerId: review.customer_id,
          orderId: order.id,
          reviewId: input.reviewId,
          points,
          at: now,
        }),
      );
    }
    return { outcome: 'applied', pointsCredited: points };
  });
}

/** Rejects a review. Points already paid for the order stay: approval of another review may have paid them. */
export function rejectReview(
  ctx: AppContext,
  input: { shopId: string; reviewId: string },
): Promise<ReviewDecision> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const review = await findReview(trx, input.shopId, input.reviewId);
    if (review.status === 'rejected') return { outcome: 'duplicate', pointsCredited: 0 };
    await decideReview(trx, input, 'rejected', now);
    return { outcome: 'applied', pointsCredited: 0 };
  });
}

async function decideReview(
  trx: Transaction<Database>,
  input: { shopId: string; reviewId: string },
  status: 'approved' | 'rejected',
  now: Date,
) {
  await trx
    .updateTable('reviews')
    .set({ status, decided_at: now })
    .where('shop_id', '=', input.shopId)
    .where('id', '=', input.reviewId)
    .execute();
}

async function findReview(trx: Transaction<Database>, shopId: string, reviewId: string) {
  const review = await trx
    .selectFrom('reviews')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('id', '=', reviewId)
    .forUpdate()
    .executeTakeFirst();
  if (!review) throw new DomainError('review_not_found', `Review "${reviewId}" does not exist in this shop`);
  return review;
}
