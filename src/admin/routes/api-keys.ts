import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createApiKey } from '../../app/api-keys/create-api-key.ts';
import { listApiKeys } from '../../app/api-keys/list-api-keys.ts';
import { revokeApiKey } from '../../app/api-keys/revoke-api-key.ts';
import type { AppContext } from '../../app/context.ts';
import { DomainError } from '../../domain/errors.ts';
import { MAX_LABEL_LENGTH } from '../../domain/limits.ts';
import { formText } from '../forms/numbers.ts';
import { flashFrom, sendPage, shopContext } from '../request-context.ts';
import { type ApiKeyForm, apiKeysPage, revokeKeyPage } from '../views/api-keys.ts';

type KeyRequest = FastifyRequest<{ Params: { keyId: string } }>;

const emptyForm = (): ApiKeyForm => ({ name: '', readOnly: false, errors: {} });

/**
 * The API keys page: the shop's keys with their last use, a form to create one (its secret shown
 * once, on the answer to the form, never in an address) and revoking with a confirmation step.
 */
export function apiKeyRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api-keys', async (request, reply) => {
    const { frame, fmt, shopId } = await shopContext(ctx, request);
    const keys = await listApiKeys(ctx, shopId);
    const flash = flashFrom(request, { revoked: frame.t.apiKeys.revoked });
    return sendPage(reply, apiKeysPage(frame, fmt, { keys, form: emptyForm(), flash }));
  });

  app.post('/api-keys', async (request, reply) => {
    const { frame, fmt, shopId } = await shopContext(ctx, request);
    const t = frame.t.apiKeys;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form: ApiKeyForm = {
      name: formText(body.name),
      readOnly: formText(body.readOnly) === 'true',
      errors: {},
    };
    const name = form.name.trim();
    if (!name) form.errors.name = t.nameRequired;
    else if (name.length > MAX_LABEL_LENGTH) form.errors.name = t.nameLong;
    if (form.errors.name) {
      const keys = await listApiKeys(ctx, shopId);
      const flash = { kind: 'error' as const, text: t.invalid };
      return sendPage(reply, apiKeysPage(frame, fmt, { keys, form, flash }), 422);
    }
    const created = await createApiKey(ctx, { shopId, name, readOnly: form.readOnly });
    const keys = await listApiKeys(ctx, shopId);
    // Answered here rather than after a redirect: the secret must never travel in an address.
    reply.header('cache-control', 'no-store');
    return sendPage(reply, apiKeysPage(frame, fmt, { keys, form: emptyForm(), created }), 201);
  });

  app.post<{ Params: { keyId: string } }>('/api-keys/:keyId/revoke', async (request, reply) => {
    const { frame, shopId } = await shopContext(ctx, request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (formText(body.confirm) !== 'yes') {
      const key = await findKey(ctx, shopId, request);
      if (key.revokedAt) return reply.redirect('/admin/api-keys', 303);
      return sendPage(reply, revokeKeyPage(frame, key));
    }
    await revokeApiKey(ctx, { shopId, keyId: request.params.keyId });
    return reply.redirect('/admin/api-keys?done=revoked', 303);
  });
}

/** One of the signed-in shop's keys; another shop's key is not found, like one that does not exist. */
async function findKey(ctx: AppContext, shopId: string, request: KeyRequest) {
  const keys = await listApiKeys(ctx, shopId);
  const key = keys.find((k) => k.id === request.params.keyId);
  if (!key) throw new DomainError('api_key_not_found', 'No such API key in this shop');
  return key;
}
