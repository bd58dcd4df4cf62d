import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { listDeliveries, replayDelivery } from '../../app/webhooks/deliveries.ts';
import {
  createEndpoint,
  deleteEndpoint,
  endpointSecret,
  getEndpoint,
  listEndpoints,
  MAX_ROTATION_OVERLAP_HOURS,
  rotateEndpointSecret,
  updateEndpoint,
  type WebhookEndpoint,
} from '../../app/webhooks/endpoints.ts';
import { DomainError } from '../../domain/errors.ts';
import { MAX_WEBHOOK_URL_LENGTH } from '../../domain/webhooks/endpoint-url.ts';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhooks/event-types.ts';
import { listJson, listSchema, pageJson, pageQueryFields, pageSchema } from './answers.ts';
import { deleteRoute } from './delete-route.ts';
import { type PathResource, routeSpec } from './route-spec.ts';
import { iso, isoOrNull, isoTime, storeId, text } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

const MAX_PAGE = 100;
const eventType = z.enum(WEBHOOK_EVENT_TYPES);
const endpointId = storeId.describe('The endpoint’s id (`we_…`)');
const oneEndpoint = {
  params: z.object({ endpointId }),
  notFound: 'webhook_endpoint_not_found',
  example: { endpointId: 'we_1a2b3c' },
} satisfies PathResource<unknown>;

const endpointSchema = z
  .object({
    object: z.literal('webhook_endpoint'),
    id: text(40),
    url: text(MAX_WEBHOOK_URL_LENGTH),
    description: text(500),
    eventTypes: z.array(eventType).max(WEBHOOK_EVENT_TYPES.length),
    enabled: z.boolean(),
    disabledReason: z
      .enum(['failing', 'merchant'])
      .nullable()
      .describe('`failing`: the service disabled it after it failed for three days; `merchant`: turned off'),
    disabledAt: isoTime.nullable(),
    failingSince: isoTime.nullable().describe('The first failed attempt since its last success'),
    previousSecretUntil: isoTime
      .nullable()
      .describe('Until when the secret before the last rotation also signs (both signatures are sent)'),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'WebhookEndpoint' });

const withSecret = endpointSchema
  .extend({
    secret: text(60).describe('The signing secret (`whsec_…`); docs/webhooks.md shows how to verify'),
  })
  .meta({ id: 'WebhookEndpointWithSecret' });

function endpointJson(e: WebhookEndpoint): z.output<typeof endpointSchema> {
  return {
    object: 'webhook_endpoint',
    id: e.id,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes,
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    disabledAt: isoOrNull(e.disabledAt),
    failingSince: isoOrNull(e.failingSince),
    previousSecretUntil: isoOrNull(e.previousSecretUntil),
    createdAt: iso(e.createdAt),
    updatedAt: iso(e.updatedAt),
  };
}

const deliverySchema = z
  .object({
    object: z.literal('webhook_delivery'),
    seq: z.int().min(1).describe('The delivery’s number; a member’s events are sent in this order'),
    eventId: text(40),
    eventType: text(40),
    customerId: text(200).nullable(),
    status: z.enum(['pending', 'sending', 'succeeded', 'failed']),
    attempts: z.int().min(0),
    createdAt: isoTime,
    nextAttemptAt: isoTime,
    lastAttemptAt: isoTime.nullable(),
    lastStatus: z.int().nullable().describe('The HTTP status of the last attempt (null: no answer)'),
    lastError: text(500).nullable(),
    deliveredAt: isoTime.nullable(),
    replayOf: z.int().nullable().describe('The delivery this one replays'),
  })
  .meta({ id: 'WebhookDelivery' });

const endpointBody = z.object({
  url: z
    .string()
    .trim()
    .min(1)
    .max(MAX_WEBHOOK_URL_LENGTH)
    .describe('https (http only for localhost or 127.0.0.1)'),
  description: z.string().trim().max(500).optional(),
  eventTypes: z.array(eventType).min(1).max(WEBHOOK_EVENT_TYPES.length),
  enabled: z.boolean().optional(),
});

export function webhookEndpointRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/webhook-endpoints',
    routeSpec('GET', {
      operationId: 'listWebhookEndpoints',
      tag: 'Webhooks',
      summary: 'List webhook endpoints',
      description: 'The shop’s webhook endpoints, oldest first (docs/webhooks.md).',
      example: {},
      responses: { 200: listSchema(endpointSchema, 100) },
    }),
    async (request) => listJson(await listEndpoints(ctx, shopOf(request)), endpointJson),
  );

  api.post(
    '/webhook-endpoints',
    routeSpec('POST', {
      operationId: 'createWebhookEndpoint',
      tag: 'Webhooks',
      summary: 'Add a webhook endpoint',
      description:
        'Events of the chosen types are sent to the URL from now on, signed with the secret in the answer (Standard Webhooks; docs/webhooks.md).',
      body: endpointBody,
      responses: { 201: withSecret },
      errors: { 422: ['webhook_url_not_allowed', 'invalid_input'] },
      example: {
        body: { url: 'https://shop.example/hooks/loyalty', eventTypes: ['points.credited', 'code.issued'] },
      },
    }),
    async (request, reply) => {
      const created = await createEndpoint(ctx, shopOf(request), request.body);
      return reply.code(201).send({ ...endpointJson(created), secret: created.secret });
    },
  );

  api.get(
    '/webhook-endpoints/:endpointId',
    routeSpec('GET', {
      operationId: 'getWebhookEndpoint',
      tag: 'Webhooks',
      summary: 'Get a webhook endpoint',
      description: 'The endpoint with its current signing secret.',
      on: oneEndpoint,
      responses: { 200: withSecret },
    }),
    async (request) => {
      const shopId = shopOf(request);
      const endpoint = await getEndpoint(ctx, shopId, request.params.endpointId);
      return { ...endpointJson(endpoint), secret: await endpointSecret(ctx, shopId, endpoint.id) };
    },
  );

  endpointChangeRoutes(api, ctx);
  deliveryRoutes(api, ctx);
}

/** Changing, deleting and rotating the secret of an endpoint. */
function endpointChangeRoutes(api: Api, ctx: AppContext) {
  api.patch(
    '/webhook-endpoints/:endpointId',
    routeSpec('PATCH', {
      operationId: 'updateWebhookEndpoint',
      tag: 'Webhooks',
      summary: 'Change a webhook endpoint',
      description:
        'Changes the URL, description, event types or whether it is enabled; what is left out stays. Enabling an endpoint sends the events kept while it was disabled.',
      on: oneEndpoint,
      body: endpointBody.partial(),
      responses: { 200: endpointSchema },
      errors: { 422: ['webhook_url_not_allowed', 'invalid_input'] },
      example: { body: { eventTypes: ['member.joined'], enabled: true } },
    }),
    async (request) =>
      endpointJson(await updateEndpoint(ctx, shopOf(request), request.params.endpointId, request.body)),
  );

  deleteRoute(api, {
    path: '/webhook-endpoints/:endpointId',
    operationId: 'deleteWebhookEndpoint',
    tag: 'Webhooks',
    summary: 'Delete a webhook endpoint',
    description: 'Deletes the endpoint with its delivery log; events not yet delivered to it are dropped.',
    on: oneEndpoint,
    idParam: 'endpointId',
    gone: { object: 'webhook_endpoint', id: text(40) },
    remove: (shopId, endpointId) => deleteEndpoint(ctx, shopId, endpointId),
  });

  api.post(
    '/webhook-endpoints/:endpointId/rotate-secret',
    routeSpec('POST', {
      operationId: 'rotateWebhookSecret',
      tag: 'Webhooks',
      summary: 'Rotate a webhook endpoint’s secret',
      description: `A new signing secret. The old one keeps signing beside it (two signatures in \`webhook-signature\`) for \`overlapHours\` (default 24, at most ${MAX_ROTATION_OVERLAP_HOURS}; 0 ends it at once).`,
      on: oneEndpoint,
      body: z.object({ overlapHours: z.int().min(0).max(MAX_ROTATION_OVERLAP_HOURS).optional() }),
      responses: { 200: withSecret },
      example: { body: { overlapHours: 24 } },
    }),
    async (request) => {
      const rotated = await rotateEndpointSecret(
        ctx,
        shopOf(request),
        request.params.endpointId,
        request.body.overlapHours,
      );
      return { ...endpointJson(rotated), secret: rotated.secret };
    },
  );
}

/** An endpoint's delivery log and replaying a delivery. */
function deliveryRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/webhook-endpoints/:endpointId/deliveries',
    routeSpec('GET', {
      operationId: 'listWebhookDeliveries',
      tag: 'Webhooks',
      summary: 'List an endpoint’s deliveries',
      description:
        'The delivery log, newest first: each event sent or to be sent to the endpoint, its attempts and the last answer. For the next page pass `nextBefore` as `before`.',
      on: oneEndpoint,
      querystring: z.object({
        ...pageQueryFields('Deliveries numbered below this one'),
        status: z.enum(['pending', 'sending', 'succeeded', 'failed']).optional(),
      }),
      responses: { 200: pageSchema(deliverySchema, MAX_PAGE) },
      example: { query: { limit: 20 } },
    }),
    async (request) => {
      const shopId = shopOf(request);
      const endpoint = await getEndpoint(ctx, shopId, request.params.endpointId);
      const page = await listDeliveries(ctx, { shopId, endpointId: endpoint.id, ...request.query });
      return pageJson(page.deliveries, page.nextBefore, deliveryJson);
    },
  );

  api.post(
    '/webhook-endpoints/:endpointId/deliveries/:seq/replay',
    routeSpec('POST', {
      operationId: 'replayWebhookDelivery',
      tag: 'Webhooks',
      summary: 'Send a delivery again',
      description:
        'Queues the delivery’s event again for this endpoint (same event id and body, after the member’s other events).',
      params: z.object({
        endpointId,
        seq: storeId.describe('The delivery’s `seq`'),
      }),
      responses: {
        201: z.object({ object: z.literal('webhook_delivery'), seq: z.int().min(1), replayOf: z.int() }),
      },
      errors: { 404: ['webhook_endpoint_not_found', 'webhook_delivery_not_found'] },
      example: { params: { endpointId: 'we_1a2b3c', seq: '42' } },
    }),
    async (request, reply) => {
      const shopId = shopOf(request);
      const endpoint = await getEndpoint(ctx, shopId, request.params.endpointId);
      // Digits only; checked here rather than by a pattern, so its length bound stays testable.
      if (!/^[1-9][0-9]{0,14}$/.test(request.params.seq)) {
        throw new DomainError('invalid_input', 'A delivery is named by its number', [
          { field: 'path.seq', message: 'A whole number' },
        ]);
      }
      const replayOf = Number(request.params.seq);
      const seq = await replayDelivery(ctx, { shopId, endpointId: endpoint.id, seq: replayOf });
      return reply.code(201).send({ object: 'webhook_delivery' as const, seq, replayOf });
    },
  );
}

/** A delivery of the log as the API shows it. */
function deliveryJson(d: Awaited<ReturnType<typeof listDeliveries>>['deliveries'][number]) {
  return {
    object: 'webhook_delivery' as const,
    seq: d.seq,
    eventId: d.eventId,
    eventType: d.eventType,
    customerId: d.customerId,
    status: d.status,
    attempts: d.attempts,
    createdAt: iso(d.createdAt),
    nextAttemptAt: iso(d.nextAttemptAt),
    lastAttemptAt: isoOrNull(d.lastAttemptAt),
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    deliveredAt: isoOrNull(d.deliveredAt),
    replayOf: d.replayOf,
  };
}
