import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { cancelOrder } from '../../app/orders/cancel-order.ts';
import { deliverOrder } from '../../app/orders/deliver-order.ts';
import { returnItems } from '../../app/orders/return-items.ts';
import { MAX_CODE_LENGTH, MAX_LINE_QUANTITY, MAX_ORDER_LINES } from '../../domain/limits.ts';
import { appliedStatus, createdOrFoundSchema } from './answers.ts';
import { deliverySchema } from './order-schemas.ts';
import { oneOrder } from './path-resources.ts';
import { routeSpec } from './route-spec.ts';
import { eventOutcome, isoTime, safeInt, storeId, storeIdOut, text } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

const optionalDate = (value: string | undefined) => (value ? new Date(value) : undefined);

/** The order of the path, in the caller's shop: what every order event is about. */
const orderOf = (request: Parameters<typeof shopOf>[0] & { params: { orderId: string } }) => ({
  shopId: shopOf(request),
  orderId: request.params.orderId,
});

/** A body that says only when the event happened; Fastify hands a missing body to validation as null. */
function momentBody<K extends string>(key: K) {
  const moment = isoTime.optional().describe('Defaults to now');
  return z.object({ [key]: moment } as { [P in K]: typeof moment }).nullish();
}

export const cancellationSchema = z
  .object({
    object: z.literal('cancellation'),
    orderId: storeIdOut,
    outcome: eventOutcome,
    pointsDeducted: safeInt().describe('Points taken back from a delivered order'),
    code: z
      .object({ code: text(MAX_CODE_LENGTH), result: z.enum(['restored', 'expired_not_restored']) })
      .nullable()
      .describe('The loyalty code the order used: given back while it is still valid'),
  })
  .meta({ id: 'Cancellation' });

export const returnSchema = z
  .object({
    object: z.literal('return'),
    id: storeIdOut,
    orderId: storeIdOut,
    outcome: eventOutcome,
    pointsDeducted: safeInt(),
    keptEligibleCents: safeInt(),
  })
  .meta({ id: 'Return' });

export function orderEventRoutes(api: Api, ctx: AppContext) {
  deliveryAndCancellationRoutes(api, ctx);
  returnRoutes(api, ctx);
}

/** An order delivered or cancelled, at a moment that defaults to now. */
function deliveryAndCancellationRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/orders/:orderId/deliver',
    routeSpec('POST', {
      operationId: 'deliverOrder',
      tag: 'Orders',
      summary: 'Report a delivery',
      description:
        'Marks the order delivered and credits its purchase points. The same delivery reported any number of times credits once.',
      on: oneOrder,
      body: momentBody('deliveredAt'),
      responses: { 200: deliverySchema },
      errors: { 409: ['order_cancelled'] },
      example: { body: { deliveredAt: '2026-06-18T10:30:00+03:00' } },
    }),
    async (request) => {
      const deliveredAt = optionalDate(request.body?.deliveredAt);
      const result = await deliverOrder(ctx, { ...orderOf(request), deliveredAt });
      return { object: 'delivery' as const, ...result };
    },
  );

  api.post(
    '/orders/:orderId/cancel',
    routeSpec('POST', {
      operationId: 'cancelOrder',
      tag: 'Orders',
      summary: 'Report a cancellation',
      description:
        'A cancelled order earns nothing; if it had been delivered its points are taken back. A loyalty code it used is restored to its owner while still valid.',
      on: oneOrder,
      body: momentBody('cancelledAt'),
      responses: { 200: cancellationSchema },
      example: { body: { cancelledAt: '2026-06-16T08:00:00+03:00' } },
    }),
    async (request) => {
      const cancelledAt = optionalDate(request.body?.cancelledAt);
      const result = await cancelOrder(ctx, { ...orderOf(request), cancelledAt });
      return { object: 'cancellation' as const, orderId: request.params.orderId, ...result };
    },
  );
}

/** The units of a return, by the order's line number; the bulk route's returned events take the same. */
export const returnLinesSchema = z
  .array(
    z.object({
      lineNo: z.number().int().min(1).max(MAX_ORDER_LINES, `At most ${MAX_ORDER_LINES}`),
      quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY, `At most ${MAX_LINE_QUANTITY}`),
    }),
  )
  .min(1)
  .max(MAX_ORDER_LINES);

/** Units of an order returned. */
function returnRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/orders/:orderId/returns',
    routeSpec('POST', {
      operationId: 'returnItems',
      tag: 'Orders',
      summary: 'Report a return',
      description:
        'Units of some lines came back. The points of a delivered order are recomputed on what is kept and the difference deducted (the balance may go negative); partial returns add up. A loyalty code used by the order is not restored. The same return id reported again changes nothing.',
      on: oneOrder,
      body: z.object({
        id: storeId.describe('The store’s return id'),
        lines: returnLinesSchema,
        returnedAt: isoTime.optional().describe('Defaults to now'),
      }),
      responses: createdOrFoundSchema(returnSchema),
      errors: { 409: ['order_cancelled', 'order_conflict'], 422: ['return_exceeds_order'] },
      example: {
        body: { id: 'r-1', lines: [{ lineNo: 1, quantity: 1 }], returnedAt: '2026-06-20T12:00:00+03:00' },
      },
    }),
    async (request, reply) => {
      const result = await returnItems(ctx, {
        ...orderOf(request),
        returnId: request.body.id,
        lines: request.body.lines,
        returnedAt: optionalDate(request.body.returnedAt),
      });
      return reply.code(appliedStatus(result)).send({
        object: 'return' as const,
        id: request.body.id,
        orderId: request.params.orderId,
        ...result,
      });
    },
  );
}
