import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { cancelOrder } from '../../app/orders/cancel-order.ts';
import { deliverOrder } from '../../app/orders/deliver-order.ts';
import { returnItems } from '../../app/orders/return-items.ts';
import { MAX_CODE_LENGTH, MAX_LINE_QUANTITY, MAX_ORDER_LINES } from '../../domain/limits.ts';
import { deliverySchema } from './order-schemas.ts';
import { routeSpec } from './route-spec.ts';
import { isoTime, safeInt, storeId, storeIdOut, text } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

const params = z.object({ orderId: storeId });
const optionalDate = (value: string | undefined) => (value ? new Date(value) : undefined);

const cancellationSchema = z
  .object({
    object: z.literal('cancellation'),
    orderId: storeIdOut,
    outcome: z.enum(['applied', 'duplicate']),
    pointsDeducted: safeInt().describe('Points taken back from a delivered order'),
    code: z
      .object({ code: text(MAX_CODE_LENGTH), result: z.enum(['restored', 'expired_not_restored']) })
      .nullable()
      .describe('The loyalty code the order used: given back while it is still valid'),
  })
  .meta({ id: 'Cancellation' });

const returnSchema = z
  .object({
    object: z.literal('return'),
    id: storeIdOut,
    orderId: storeIdOut,
    outcome: z.enum(['applied', 'duplicate']),
    pointsDeducted: safeInt(),
    keptEligibleCents: safeInt(),
  })
  .meta({ id: 'Return' });

export function orderEventRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/orders/:orderId/deliver',
    routeSpec('POST', {
      operationId: 'deliverOrder',
      tag: 'Orders',
      summary: 'Report a delivery',
      description:
        'Marks the order delivered and credits its purchase points. The same delivery reported any number of times credits once.',
      params,
      body: z
        .object({ deliveredAt: isoTime.optional().describe('Defaults to now') })
        // Fastify hands a missing body to validation as null.
        .nullish(),
      responses: { 200: deliverySchema },
      errors: { 404: ['order_not_found'], 409: ['order_cancelled'] },
      example: { params: { orderId: 'o-1001' }, body: { deliveredAt: '2026-06-18T10:30:00+03:00' } },
    }),
    async (request) => {
      const result = await deliverOrder(ctx, {
        shopId: shopOf(request),
        orderId: request.params.orderId,
        deliveredAt: optionalDate(request.body?.deliveredAt),
      });
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
      params,
      body: z
        .object({ cancelledAt: isoTime.optional().describe('Defaults to now') })
        // Fastify hands a missing body to validation as null.
        .nullish(),
      responses: { 200: cancellationSchema },
      errors: { 404: ['order_not_found'] },
      example: { params: { orderId: 'o-1001' }, body: { cancelledAt: '2026-06-16T08:00:00+03:00' } },
    }),
    async (request) => {
      const result = await cancelOrder(ctx, {
        shopId: shopOf(request),
        orderId: request.params.orderId,
        cancelledAt: optionalDate(request.body?.cancelledAt),
      });
      return { object: 'cancellation' as const, orderId: request.params.orderId, ...result };
    },
  );

  api.post(
    '/orders/:orderId/returns',
    routeSpec('POST', {
      operationId: 'returnItems',
      tag: 'Orders',
      summary: 'Report a return',
      description:
        'Units of some lines came back. The points of a delivered order are recomputed on what is kept and the difference deducted (the balance may go negative); partial returns add up. A loyalty code used by the order is not restored. The same return id reported again changes nothing.',
      params,
      body: z.object({
        id: storeId.describe('The store’s return id'),
        lines: z
          .array(
            z.object({
              lineNo: z.number().int().min(1).max(MAX_ORDER_LINES, `At most ${MAX_ORDER_LINES}`),
              quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY, `At most ${MAX_LINE_QUANTITY}`),
            }),
          )
          .min(1)
          .max(MAX_ORDER_LINES),
        returnedAt: isoTime.optional().describe('Defaults to now'),
      }),
      responses: { 201: returnSchema, 200: returnSchema },
      errors: {
        404: ['order_not_found'],
        409: ['order_cancelled', 'order_conflict'],
        422: ['return_exceeds_order'],
      },
      example: {
        params: { orderId: 'o-1001' },
        body: { id: 'r-1', lines: [{ lineNo: 1, quantity: 1 }], returnedAt: '2026-06-20T12:00:00+03:00' },
      },
    }),
    async (request, reply) => {
      const result = await returnItems(ctx, {
        shopId: shopOf(request),
        orderId: request.params.orderId,
        returnId: request.body.id,
        lines: request.body.lines,
        returnedAt: optionalDate(request.body.returnedAt),
      });
      return reply.code(result.outcome === 'applied' ? 201 : 200).send({
        object: 'return' as const,
        id: request.body.id,
        orderId: request.params.orderId,
        ...result,
      });
    },
  );
}
