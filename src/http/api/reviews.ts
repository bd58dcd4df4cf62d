import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { approveReview, rejectReview, submitReview } from '../../app/reviews/reviews.ts';
import { appliedStatus, createdOrFoundSchema } from './answers.ts';
import { type PathResource, routeSpec } from './route-spec.ts';
import { eventOutcome, isoTime, safeInt, storeId, storeIdOut } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

const reviewSchema = z
  .object({
    object: z.literal('review'),
    id: storeIdOut,
    outcome: eventOutcome,
    status: z.enum(['submitted', 'approved', 'rejected']),
    pointsCredited: safeInt().describe('Review points paid by this decision (once per order)'),
  })
  .meta({ id: 'Review' });

const oneReview = {
  params: z.object({ reviewId: storeId }),
  notFound: 'review_not_found',
  example: { reviewId: 'rev-1' },
} satisfies PathResource<unknown>;

export function reviewRoutes(api: Api, ctx: AppContext) {
  submitReviewRoute(api, ctx);
  reviewDecisionRoutes(api, ctx);
}

/** A review submitted: it earns nothing yet. */
function submitReviewRoute(api: Api, ctx: AppContext) {
  api.post(
    '/reviews',
    routeSpec('POST', {
      operationId: 'submitReview',
      tag: 'Reviews',
      summary: 'Report a submitted review',
      description:
        'A review of a product of an order; it earns nothing until approved. The same review id again changes nothing.',
      body: z.object({
        id: storeId.describe('The store’s review id'),
        orderId: storeId,
        productId: storeId,
        submittedAt: isoTime.optional().describe('Defaults to now'),
      }),
      responses: createdOrFoundSchema(reviewSchema),
      errors: { 404: ['order_not_found'], 422: ['invalid_input'] },
      example: {
        body: {
          id: 'rev-1',
          orderId: 'o-1001',
          productId: 'jacket',
          submittedAt: '2026-06-21T18:00:00+03:00',
        },
      },
    }),
    async (request, reply) => {
      const { id, orderId, productId, submittedAt } = request.body;
      const result = await submitReview(ctx, {
        shopId: shopOf(request),
        reviewId: id,
        orderId,
        productId,
        ...(submittedAt ? { submittedAt: new Date(submittedAt) } : {}),
      });
      return reply.code(appliedStatus(result)).send({
        object: 'review' as const,
        id,
        outcome: result.outcome,
        status: 'submitted' as const,
        pointsCredited: 0,
      });
    },
  );
}

/** A review approved or rejected. */
function reviewDecisionRoutes(api: Api, ctx: AppContext) {
  // Approving and rejecting are one route each of the same shape: the decision and its answer.
  const decisions = [
    {
      path: 'approve',
      decide: approveReview,
      status: 'approved',
      operationId: 'approveReview',
      summary: 'Approve a review',
      description:
        'The first approved review of a delivered order of a member credits the review points, once per order.',
    },
    {
      path: 'reject',
      decide: rejectReview,
      status: 'rejected',
      operationId: 'rejectReview',
      summary: 'Reject a review',
      description: 'Points already paid for the order stay.',
    },
  ] as const;
  for (const { path, decide, status, ...spec } of decisions) {
    api.post(
      `/reviews/:reviewId/${path}`,
      routeSpec('POST', {
        ...spec,
        tag: 'Reviews',
        on: oneReview,
        responses: { 200: reviewSchema },
      }),
      async (request) => {
        const { reviewId } = request.params;
        const result = await decide(ctx, { shopId: shopOf(request), reviewId });
        return { object: 'review' as const, id: reviewId, status, ...result };
      },
    );
  }
}
