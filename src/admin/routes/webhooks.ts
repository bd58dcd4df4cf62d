import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { listDeliveries, replayDelivery } from '../../app/webhooks/deliveries.ts';
import {
  createEndpoint,
  endpointSecret,
  getEndpoint,
  listEndpoints,
  rotateEndpointSecret,
  updateEndpoint,
  type WebhookEndpoint,
} from '../../app/webhooks/endpoints.ts';
import { DomainError } from '../../domain/errors.ts';
import { formText } from '../forms/numbers.ts';
import { flashFrom, query, sendPage, shopContext } from '../request-context.ts';
import { type EndpointForm, webhookHref, webhookPage, webhooksPage } from '../views/webhooks.ts';

type EndpointRequest = FastifyRequest<{ Params: { id: string } }>;
const PAGE = 50;

function formOf(body: Record<string, unknown>): EndpointForm {
  const types = body.eventTypes;
  return {
    url: formText(body.url),
    description: formText(body.description),
    eventTypes: (Array.isArray(types) ? types : types === undefined ? [] : [types]).map(String),
    enabled: formText(body.enabled) === 'true',
    error: null,
  };
}

const formFor = (e: WebhookEndpoint): EndpointForm => ({
  url: e.url,
  description: e.description,
  eventTypes: e.eventTypes,
  enabled: e.enabled,
  error: null,
});

const refusal = (error: unknown): string | null =>
  error instanceof DomainError && (error.code === 'webhook_url_not_allowed' || error.code === 'invalid_input')
    ? error.message
    : null;

/**
 * The owner's Webhooks pages: the endpoints with a form to add one; an endpoint's page to change
 * it, see and rotate its secret, and its delivery log with a button to send a delivery again.
 * Every change answers with a redirect (docs/webhooks.md).
 */
export function webhookAdminRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/webhooks', async (request, reply) => {
    const { frame, fmt, shopId } = await shopContext(ctx, request);
    const endpoints = await listEndpoints(ctx, shopId);
    const form: EndpointForm = { url: '', description: '', eventTypes: [], enabled: true, error: null };
    return sendPage(reply, webhooksPage(frame, fmt, { endpoints, form, flash: null }));
  });

  app.post('/webhooks', async (request, reply) => {
    const { frame, fmt, shopId } = await shopContext(ctx, request);
    const form = formOf((request.body ?? {}) as Record<string, unknown>);
    try {
      const created = await createEndpoint(ctx, shopId, form);
      return reply.redirect(`${webhookHref(created.id)}?done=created`, 303);
    } catch (error) {
      const message = refusal(error);
      if (message === null) throw error;
      const endpoints = await listEndpoints(ctx, shopId);
      const flash = { kind: 'error' as const, text: frame.t.webhooks.invalid };
      return sendPage(
        reply,
        webhooksPage(frame, fmt, { endpoints, form: { ...form, error: message }, flash }),
        422,
      );
    }
  });

  endpointRoutes(app, ctx);
}

/** An endpoint's page: reading, changing, rotating its secret and replaying a delivery. */
function endpointRoutes(app: FastifyInstance, ctx: AppContext) {
  const endpointPage = async (request: EndpointRequest, form?: EndpointForm) => {
    const { frame, fmt, shopId } = await shopContext(ctx, request);
    const endpoint = await getEndpoint(ctx, shopId, request.params.id);
    const before = Number(query(request).before);
    const log = await listDeliveries(ctx, {
      shopId,
      endpointId: endpoint.id,
      limit: PAGE,
      ...(Number.isSafeInteger(before) && before > 0 ? { before } : {}),
    });
    const t = frame.t.webhooks;
    const flash = form?.error
      ? { kind: 'error' as const, text: t.invalid }
      : flashFrom(request, { created: t.created, saved: t.saved, rotated: t.rotated, replayed: t.replayed });
    return webhookPage(frame, fmt, {
      endpoint,
      secret: await endpointSecret(ctx, shopId, endpoint.id),
      form: form ?? formFor(endpoint),
      ...log,
      flash,
    });
  };

  app.get<{ Params: { id: string } }>('/webhooks/:id', async (request, reply) => {
    const found = await endpointPage(request).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'webhook_endpoint_not_found') return null;
      throw error;
    });
    return found ? sendPage(reply, found) : reply.callNotFound();
  });

  app.post<{ Params: { id: string } }>('/webhooks/:id', async (request, reply) => {
    const { shopId } = await shopContext(ctx, request);
    const form = formOf((request.body ?? {}) as Record<string, unknown>);
    try {
      await updateEndpoint(ctx, shopId, request.params.id, form);
      return reply.redirect(`${webhookHref(request.params.id)}?done=saved`, 303);
    } catch (error) {
      const message = refusal(error);
      if (message === null) throw error;
      return sendPage(reply, await endpointPage(request, { ...form, error: message }), 422);
    }
  });

  app.post<{ Params: { id: string } }>('/webhooks/:id/rotate', async (request, reply) => {
    const { shopId } = await shopContext(ctx, request);
    await rotateEndpointSecret(ctx, shopId, request.params.id);
    return reply.redirect(`${webhookHref(request.params.id)}?done=rotated`, 303);
  });

  app.post<{ Params: { id: string; seq: string } }>(
    '/webhooks/:id/deliveries/:seq/replay',
    async (request, reply) => {
      const { shopId } = await shopContext(ctx, request);
      const seq = Number(request.params.seq);
      if (!Number.isSafeInteger(seq) || seq < 1) return reply.callNotFound();
      await replayDelivery(ctx, { shopId, endpointId: request.params.id, seq });
      return reply.redirect(`${webhookHref(request.params.id)}?done=replayed`, 303);
    },
  );
}
