import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { getOrder } from '../../app/orders/order-view.ts';
import { placeOrder } from '../../app/orders/place-order.ts';
import { orderInputSchema, orderJson, orderSchema, placeOrderInput } from './order-schemas.ts';
import { routeSpec } from './route-spec.ts';
import { iso, isoTime, storeId } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

const orderPlacedSchema = z
  .object({
    object: z.literal('order_placed'),
    orderId: z.string(),
    outcome: z.enum(['applied', 'duplicate']).describe('`duplicate`: reported before with the same contents'),
    eligibleCents: z
      .number()
      .int()
      .describe('Products after all discounts, without gift cards, shipping and fees'),
    earns: z.boolean().describe('Whether the order will earn points when delivered'),
    notEarningReason: z
      .enum(['not_member', 'not_logged_in', 'program_not_published', 'version_not_selected'])
      .nullable(),
  })
  .meta({ id: 'OrderPlaced' });

const orderDetailSchema = orderSchema
  .extend({
    lines: z.array(
      z.object({
        lineNo: z.number().int().describe('1-based; returns name lines by it'),
        productId: z.string(),
        category: z.string().nullable(),
        quantity: z.number().int(),
        unitPriceCents: z.number().int(),
        lineDiscountCents: z.number().int(),
        giftCard: z.boolean(),
        eligibleCents: z.number().int(),
        returnedQuantity: z.number().int(),
      }),
    ),
    returns: z.array(
      z.object({
        id: z.string(),
        lines: z.array(z.object({ lineNo: z.number().int(), quantity: z.number().int() })),
        pointsDeducted: z.number().int(),
        createdAt: isoTime,
      }),
    ),
  })
  .meta({ id: 'OrderDetail' });

export function orderRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/orders',
    routeSpec('POST', {
      operationId: 'placeOrder',
      tag: 'Orders',
      summary: 'Report a placed order',
      description:
        'Records the order; it earns nothing until delivered. Whether it will earn is decided now: the customer is a member, logged in (or identified at the till), in a store version where the program is shown, while it is published. The same order id reported again with the same contents answers 200 and changes nothing.',
      body: orderInputSchema,
      responses: { 201: orderPlacedSchema, 200: orderPlacedSchema },
      errors: { 404: ['store_version_not_found', 'customer_not_found'], 409: ['order_exists'] },
    }),
    async (request, reply) => {
      const placed = await placeOrder(ctx, placeOrderInput(shopOf(request), request.body));
      return reply
        .code(placed.outcome === 'applied' ? 201 : 200)
        .send({ object: 'order_placed' as const, ...placed });
    },
  );

  api.get(
    '/orders/:orderId',
    routeSpec('GET', {
      operationId: 'getOrder',
      tag: 'Orders',
      summary: 'Read an order',
      description: 'The order as recorded, with its lines, returns and points.',
      params: z.object({ orderId: storeId }),
      responses: { 200: orderDetailSchema },
      errors: { 404: ['order_not_found'] },
    }),
    async (request) => {
      const view = await getOrder(ctx, shopOf(request), request.params.orderId);
      return {
        ...orderJson(view.order),
        lines: view.lines,
        returns: view.returns.map((r) => ({ ...r, createdAt: iso(r.createdAt) })),
      };
    },
  );
}
