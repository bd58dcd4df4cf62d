import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import {
  type OrderEvent,
  type OrderEventOutcome,
  recordOrderEvents,
} from '../../app/orders/order-events-batch.ts';
import { MAX_FIELD_ERRORS } from '../../domain/limits.ts';
import { problem, statusOf } from '../problem.ts';
import { appliedStatus } from './answers.ts';
import {
  bulkEventsBodySchema,
  bulkEventsEnvelopeSchema,
  type OrderEventBody,
  type OrderEventResultJson,
  orderEventOf,
  orderEventResultsSchema,
  orderEventSchema,
  orderIdOfBody,
} from './bulk-events-schemas.ts';
import { routeSpec } from './route-spec.ts';
import { type Api, shopOf } from './types.ts';

/**
 * The request as a whole is checked against the envelope only (an object whose `events` is a list
 * of 1–1,000), so that an event that is not valid is refused in its own result, not with the rest.
 * The document still describes every event's fields (`bulkEventsBodySchema`).
 */
function validateEnvelope<T>(route: Parameters<FastifySchemaCompiler<T>>[0]) {
  const schema = route.httpPart === 'body' ? bulkEventsEnvelopeSchema : route.schema;
  return validatorCompiler({ ...route, schema } as Parameters<typeof validatorCompiler>[0]);
}

/**
 * The answer is serialized without checking it against its schema again, as every other route's
 * is: for 1,000 results that check was a tenth of the request's time in the server, most of it
 * garbage collection. The results are built here from typed outcomes, and the tests check answers
 * against the schema (test/http/bulk-events.test.ts).
 */
const serializeTrusted: FastifySerializerCompiler<unknown> = () => (data) => JSON.stringify(data);

export function bulkEventRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/order-events',
    {
      ...routeSpec('POST', {
        operationId: 'recordOrderEvents',
        tag: 'Orders',
        summary: 'Report many order events at once',
        description: [
          'Up to 1,000 order events (placed, delivered, returned, cancelled) in one request, for a store that syncs in batches (an ERP overnight). Each event is recorded exactly as its own route would record it and gets its own result, in the request’s order: the status, the outcome object or the problem document that route would answer with. Events of one order apply in the order sent, so an order may be placed, delivered and returned in one request.',
          '',
          'Each event is idempotent by its own ids, as on its own route: sending the same events again changes nothing and answers each as a repeat (200, `outcome: "duplicate"`). One event refused (not valid, an unknown order, a return beyond what was ordered) never stops the others. The request as a whole is refused only when it is not an object with a list of 1–1,000 events, or when it is over 1 MB.',
        ].join('\n'),
        body: bulkEventsBodySchema,
        responses: { 200: orderEventResultsSchema },
        example: {
          body: {
            events: [
              {
                kind: 'placed',
                id: 'o-2001',
                customerId: 'c-1',
                storeVersionId: 'fi',
                loggedIn: true,
                placedAt: '2026-06-15T13:00:00+03:00',
                lines: [
                  { productId: 'jacket', category: 'clothes', quantity: 1, unitPriceCents: 5073 },
                  { productId: 'scarf', category: 'clothes', quantity: 1, unitPriceCents: 2500 },
                ],
                shippingCents: 590,
              },
              { kind: 'delivered', orderId: 'o-2001', deliveredAt: '2026-06-18T10:30:00+03:00' },
              {
                kind: 'returned',
                orderId: 'o-2001',
                id: 'r-2001-1',
                lines: [{ lineNo: 2, quantity: 1 }],
                returnedAt: '2026-06-20T12:00:00+03:00',
              },
              { kind: 'cancelled', orderId: 'o-1999', cancelledAt: '2026-06-16T08:00:00+03:00' },
            ],
          },
        },
      }),
      validatorCompiler: validateEnvelope,
      serializerCompiler: serializeTrusted,
    },
    async (request) => {
      const shopId = shopOf(request);
      const { events } = request.body as unknown as z.output<typeof bulkEventsEnvelopeSchema>;
      const parsed = events.map((event) => orderEventSchema.safeParse(event));
      const valid: { index: number; body: OrderEventBody; event: OrderEvent }[] = [];
      parsed.forEach((p, index) => {
        if (p.success) valid.push({ index, body: p.data, event: orderEventOf(shopId, p.data) });
      });
      const outcomes = await recordOrderEvents(
        ctx,
        shopId,
        valid.map((v) => v.event),
      );
      const data: OrderEventResultJson[] = parsed.map((p, index) =>
        p.success ? (undefined as unknown as OrderEventResultJson) : invalidEvent(index, p.error, request.id),
      );
      valid.forEach((v, n) => {
        data[v.index] = resultOf(v.index, v.body, outcomes[n]!, request.id);
      });
      return { object: 'list' as const, data };
    },
  );
}

/** An event that is not valid, refused as its own route refuses a body that is not. */
function invalidEvent(index: number, error: z.ZodError, requestId: string): OrderEventResultJson {
  const fields = error.issues
    .slice(0, MAX_FIELD_ERRORS)
    .map((issue) => ({ field: issue.path.join('.') || '(event)', message: issue.message }));
  const refusal = {
    ...problem(422, 'invalid_input', 'The event is not valid; see errors for each field', requestId, fields),
  };
  return {
    object: 'order_event_result',
    index,
    kind: null,
    orderId: null,
    status: 422,
    result: null,
    problem: refusal,
  };
}

/** An event's outcome as its own route answers it: the status and the outcome object, or the problem. */
function resultOf(
  index: number,
  body: OrderEventBody,
  outcome: OrderEventOutcome,
  requestId: string,
): OrderEventResultJson {
  const base = {
    object: 'order_event_result' as const,
    index,
    kind: body.kind,
    orderId: orderIdOfBody(body),
  };
  if ('error' in outcome) {
    const { error } = outcome;
    const status = statusOf(error.code);
    return {
      ...base,
      status,
      result: null,
      problem: { ...problem(status, error.code, error.message, requestId, error.fields) },
    };
  }
  switch (outcome.kind) {
    case 'placed':
      return {
        ...base,
        status: appliedStatus(outcome.result),
        result: { object: 'order_placed', ...outcome.result },
        problem: null,
      };
    case 'delivered':
      return { ...base, status: 200, result: { object: 'delivery', ...outcome.result }, problem: null };
    case 'returned':
      return {
        ...base,
        status: appliedStatus(outcome.result),
        result: {
          object: 'return',
          id: (body as Extract<OrderEventBody, { kind: 'returned' }>).id,
          orderId: base.orderId,
          ...outcome.result,
        },
        problem: null,
      };
    case 'cancelled':
      return {
        ...base,
        status: 200,
        result: { object: 'cancellation', orderId: base.orderId, ...outcome.result },
        problem: null,
      };
  }
}
