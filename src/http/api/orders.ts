import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { getOrder } from '../../app/orders/order-view.ts';
import { placeOrder } from '../../app/orders/place-order.ts';
import { MAX_LINE_QUANTITY, MAX_NAME_LENGTH, MAX_ORDER_LINES } from '../../domain/limits.ts';
import { appliedStatus, createdOrFoundSchema } from './answers.ts';
import {
  NOT_EARNING_REASONS,
  orderInputSchema,
  orderJson,
  orderSchema,
  placeOrderInput,
} from './order-schemas.ts';
import { oneOrder } from './path-resources.ts';
import { routeSpec } from './route-spec.ts';
import { eventOutcome, iso, isoTime, safeInt, storeIdOut, text } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

export const orderPlacedSchema = z
  .object({
    object: z.literal('order_placed'),
    orderId: storeIdOut,
    outcome: eventOutcome.describe('`duplicate`: reported before with the same contents'),
    eligibleCents: safeInt().describe('Products after all discounts, without gift cards, shipping and fees'),
    earns: z.boolean().describe('Whether the order will earn points when delivered'),
    notEarningReason: z.enum(NOT_EARNING_REASONS).nullable(),
  })
  .meta({ id: 'OrderPlaced' });

const orderDetailSchema = orderSchema
  .extend({
    lines: z
      .array(
        z.object({
          lineNo: z.int().min(1).max(MAX_ORDER_LINES).describe('1-based; returns name lines by it'),
          productId: storeIdOut,
          category: text(MAX_NAME_LENGTH).nullable(),
          quantity: z.int().min(1).max(MAX_LINE_QUANTITY),
          unitPriceCents: safeInt(),
          lineDiscountCents: safeInt(),
          giftCard: z.boolean(),
          eligibleCents: safeInt(),
          returnedQuantity: z.int().min(0).max(MAX_LINE_QUANTITY),
        }),
      )
      .max(MAX_ORDER_LINES),
    returns: z
      .array(
        z.object({
          id: storeIdOut,
          lines: z
            .array(
              z.object({
                lineNo: z.int().min(1).max(MAX_ORDER_LINES),
                quantity: z.int().min(1).max(MAX_LINE_QUANTITY),
              }),
            )
            .max(MAX_ORDER_LINES),
          pointsDeducted: safeInt(),
          createdAt: isoTime,
        }),
      )
      // Every return takes back at least one unit, so an order has at most as many returns as units.
      .max(MAX_ORDER_LINES * MAX_LINE_QUANTITY),
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
      responses: createdOrFoundSchema(orderPlacedSchema),
      errors: { 404: ['store_version_not_found', 'customer_not_found'], 409: ['order_exists'] },
      example: {
        body: {
          id: 'o-1001',
          customerId: 'c-1',
          storeVersionId: 'fi',
          channel: 'web',
          loggedIn: true,
          placedAt: '2026-06-15T13:00:00+03:00',
          lines: [
            {
              productId: 'jacket',
              category: 'clothes',
              quantity: 1,
              unitPriceCents: 5073,
              lineDiscountCents: 1000,
            },
            { productId: 'gift-card', quantity: 1, unitPriceCents: 2000, giftCard: true },
          ],
          codeDiscountCents: 500,
          shippingCents: 590,
          loyaltyCode: 'K7QP-2M9X-ZT4H-V',
        },
      },
    }),
    async (request, reply) => {
      const placed = await placeOrder(ctx, placeOrderInput(shopOf(request), request.body));
      return reply.code(appliedStatus(placed)).send({ object: 'order_placed' as const, ...placed });
    },
  );

  api.get(
    '/orders/:orderId',
    routeSpec('GET', {
      operationId: 'getOrder',
      tag: 'Orders',
      summary: 'Read an order',
      description: 'The order as recorded, with its lines, returns and points.',
      on: oneOrder,
      responses: { 200: orderDetailSchema },
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
