import { recordSale } from '../../app/orders/record-sale.ts';
import type { ServiceContext } from '../../app/service-context.ts';
import { appliedStatus, createdOrFoundSchema } from './answers.ts';
import { checkOrderSize, deliverySchema, orderInputFields, placeOrderInput } from './order-schemas.ts';
import { routeSpec } from './route-spec.ts';
import { type Api, shopOf } from './types.ts';

const saleInputSchema = orderInputFields
  .extend({ channel: orderInputFields.shape.channel.unwrap().default('pos') })
  .superRefine(checkOrderSize)
  .meta({ id: 'NewSale' });

export function saleRoutes(api: Api, ctx: ServiceContext) {
  api.post(
    '/sales',
    routeSpec('POST', {
      operationId: 'recordSale',
      tag: 'Orders',
      summary: 'Report a sale at the till',
      description:
        'An order placed and delivered at once (channel `pos` unless given): its points are credited now. The same order id reported again credits nothing more.',
      body: saleInputSchema,
      responses: createdOrFoundSchema(deliverySchema),
      errors: {
        404: ['store_version_not_found', 'customer_not_found'],
        409: ['order_exists', 'order_cancelled'],
      },
      example: {
        body: {
          id: 'pos-2026-0615-0042',
          customerId: 'c-1',
          storeVersionId: 'store-helsinki',
          loggedIn: true,
          placedAt: '2026-06-15T13:00:00+03:00',
          lines: [{ productId: 'scarf', category: 'clothes', quantity: 2, unitPriceCents: 2917 }],
        },
      },
    }),
    async (request, reply) => {
      const result = await recordSale(ctx, placeOrderInput(shopOf(request), request.body));
      return reply.code(appliedStatus(result)).send({ object: 'delivery' as const, ...result });
    },
  );
}
