import { z } from 'zod';
import { MAX_EVENTS_PER_REQUEST, type OrderEvent } from '../../app/orders/order-events-batch.ts';
import { cancellationSchema, returnLinesSchema, returnSchema } from './order-events.ts';
import { checkOrderSize, deliverySchema, orderInputFields, placeOrderInput } from './order-schemas.ts';
import { orderPlacedSchema } from './orders.ts';
import { isoTime, problemSchema, storeId, storeIdOut } from './schemas.ts';

const moment = isoTime.optional().describe('Defaults to the moment the request arrives');

const placedEventSchema = orderInputFields
  .extend({ kind: z.literal('placed') })
  .superRefine(checkOrderSize)
  .meta({
    id: 'OrderPlacedEvent',
    description: 'An order was placed: the body of `POST /v1/orders`, with `kind`.',
  });

/**
 * An event that moves one order the store reported before, at a moment (its own route's body, with
 * `kind` and the order's id).
 */
function orderMomentEvent<K extends string, At extends string>(
  kind: K,
  at: At,
  meta: { id: string; description: string },
) {
  const when = { [at]: moment } as Record<At, typeof moment>;
  return z.object({ kind: z.literal(kind), orderId: storeId, ...when }).meta(meta);
}

const deliveredEventSchema = orderMomentEvent('delivered', 'deliveredAt', {
  id: 'OrderDeliveredEvent',
  description: 'An order was delivered, as `POST /v1/orders/{orderId}/deliver`.',
});

const returnedEventSchema = z
  .object({
    kind: z.literal('returned'),
    orderId: storeId,
    id: storeId.describe('The store’s return id'),
    lines: returnLinesSchema,
    returnedAt: moment,
  })
  .meta({
    id: 'OrderReturnedEvent',
    description: 'Units of an order came back, as `POST /v1/orders/{orderId}/returns`.',
  });

const cancelledEventSchema = orderMomentEvent('cancelled', 'cancelledAt', {
  id: 'OrderCancelledEvent',
  description: 'An order was cancelled, as `POST /v1/orders/{orderId}/cancel`.',
});

/** One event of a bulk request, validated on its own: a bad one is answered in its own result. */
export const orderEventSchema = z
  .discriminatedUnion('kind', [
    placedEventSchema,
    deliveredEventSchema,
    returnedEventSchema,
    cancelledEventSchema,
  ])
  .meta({ id: 'OrderEvent' });

export type OrderEventBody = z.output<typeof orderEventSchema>;

const eventsDescription = `1–${MAX_EVENTS_PER_REQUEST} order events, applied in this order (events of one order as sent). Each is validated on its own: one that is not valid is answered in its own result (422 \`invalid_input\`), and the others are still recorded.`;

/** The body as the document describes it: every event's fields. */
export const bulkEventsBodySchema = z
  .object({
    events: z
      .array(orderEventSchema)
      .min(1)
      .max(MAX_EVENTS_PER_REQUEST)
      // Read by the contract tests: items that do not match are refused one by one, in the answer.
      .meta({ description: eventsDescription, 'x-validated-per-item': true }),
  })
  .meta({ id: 'OrderEvents' });

/** The body as the route validates it as a whole: a list of at most 1,000 of anything. */
export const bulkEventsEnvelopeSchema = z.object({
  events: z
    .array(z.unknown())
    .min(1, 'Send at least one event')
    .max(
      MAX_EVENTS_PER_REQUEST,
      `At most ${MAX_EVENTS_PER_REQUEST} events per request; send the rest in another`,
    ),
});

const orderEventResultSchema = z
  .object({
    object: z.literal('order_event_result'),
    index: z
      .int()
      .min(0)
      .max(MAX_EVENTS_PER_REQUEST - 1)
      .describe('The event’s place in the request, from 0'),
    kind: z
      .enum(['placed', 'delivered', 'returned', 'cancelled'])
      .nullable()
      .describe('Null for an event of no known kind'),
    orderId: storeIdOut.nullable().describe('The event’s order; null for an event that is not valid'),
    status: z
      .int()
      .min(200)
      .max(599)
      .describe('What the event’s own route would have answered: 201 or 200, or a problem’s status'),
    result: z
      .discriminatedUnion('object', [orderPlacedSchema, deliverySchema, returnSchema, cancellationSchema])
      .nullable()
      .describe('What the event did, as its own route answers it; null when it was refused'),
    problem: problemSchema
      .nullable()
      .describe('Why the event was refused, as its own route would say; else null'),
  })
  .meta({ id: 'OrderEventResult' });

export const orderEventResultsSchema = z
  .object({
    object: z.literal('list'),
    data: z
      .array(orderEventResultSchema)
      .max(MAX_EVENTS_PER_REQUEST)
      .describe('One result per event, in their order'),
  })
  .meta({ id: 'OrderEventResults' });

export type OrderEventResultJson = z.output<typeof orderEventResultSchema>;

const optionalDate = (value: string | undefined) => (value ? new Date(value) : undefined);

/** The event as the use case takes it. */
export function orderEventOf(shopId: string, body: OrderEventBody): OrderEvent {
  switch (body.kind) {
    case 'placed':
      return { kind: 'placed', order: placeOrderInput(shopId, body) };
    case 'delivered':
      return { kind: 'delivered', orderId: body.orderId, deliveredAt: optionalDate(body.deliveredAt) };
    case 'returned':
      return {
        kind: 'returned',
        orderId: body.orderId,
        returnId: body.id,
        lines: body.lines,
        returnedAt: optionalDate(body.returnedAt),
      };
    case 'cancelled':
      return { kind: 'cancelled', orderId: body.orderId, cancelledAt: optionalDate(body.cancelledAt) };
  }
}

/** The store's id of the event's order. */
export const orderIdOfBody = (body: OrderEventBody) => (body.kind === 'placed' ? body.id : body.orderId);
