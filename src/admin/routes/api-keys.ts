import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type CreatedApiKey, createApiKey } from '../../app/api-keys/create-api-key.ts';
import { listApiKeys } from '../../app/api-keys/list-api-keys.ts';
import { revokeApiKey } from '../../app/api-keys/revoke-api-key.ts';
import type { AppContext } from '../../app/context.ts';
import { DomainError } from '../../domain/errors.ts';
import { MAX_LABEL_LENGTH } from '../../domain/limits.ts';
import { parseSessionCookie, SESSION_COOKIE } from '../auth.ts';
import { formText } from '../forms/numbers.ts';
import { flashFrom, sendPage, shopContext } from '../request-context.ts';
import { type ApiKeyForm, apiKeysPage, revokeKeyPage } from '../views/api-keys.ts';

type KeyRequest = FastifyRequest<{ Params: { keyId: string } }>;

const emptyForm = (): ApiKeyForm => ({ name: '', readOnly: false, errors: {} });

/**
 * The API keys page: the shop's keys with their last use, a form to create one and revoking with
 * a confirmation step. Creating answers with a redirect, so that reloading the page that shows the
 * new key asks for the page again instead of sending the form (and making a key) again.
 */
export function apiKeyRoutes(app: FastifyInstance, ctx: AppContext, secureCookies = false) {
  app.get('/api-keys', async (request, reply) => {
    const { frame, fmt, shopId } = await shopContext(ctx, request);
    const keys = await listApiKeys(ctx, shopId);
    const created = takeNewKey(ctx, request, reply, shopId, keys);
    const flash = flashFrom(request, { revoked: frame.t.apiKeys.revoked });
    return sendPage(reply, apiKeysPage(frame, fmt, { keys, form: emptyForm(), flash, created }));
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
    const secure = secureCookies || request.protocol === 'https';
    reply.setCookie(NEW_KEY_COOKIE, sealNewKey(request, shopId, created, ctx.clock.now()), {
      ...NEW_KEY_COOKIE_SCOPE,
      secure,
      maxAge: NEW_KEY_SHOWN_FOR_MS / 1000,
    });
    return reply.redirect('/admin/api-keys', 303);
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

/*
 * The new key travels from the form's answer to the page after the redirect in a cookie of its
 * own, never in an address (addresses end up in history and logs). The cookie is encrypted with a
 * key derived from the session's secret, which only the browser holds (the database keeps its
 * hash), so any server process can open it for that session and nobody else can; the page that
 * shows the key clears it, so a reload shows no key, and it expires within minutes anyway.
 */
const NEW_KEY_COOKIE = 'loyalty_new_api_key';
const NEW_KEY_COOKIE_SCOPE = { path: '/admin/api-keys', httpOnly: true, sameSite: 'strict' as const };
const NEW_KEY_SHOWN_FOR_MS = 5 * 60_000;

function cookieKey(request: FastifyRequest, shopId: string): Buffer | null {
  const session = parseSessionCookie(request.cookies[SESSION_COOKIE]);
  if (!session) return null;
  return Buffer.from(hkdfSync('sha256', session.token, shopId, 'loyalty admin: new API key', 32));
}

function sealNewKey(request: FastifyRequest, shopId: string, created: CreatedApiKey, now: Date): string {
  const key = cookieKey(request, shopId);
  if (!key) throw new Error('An admin form was accepted without a session cookie');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const plain = JSON.stringify({ id: created.id, key: created.key, at: now.getTime() });
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The key just created by this session, to show this once; the cookie that carried it is cleared. */
function takeNewKey(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  shopId: string,
  keys: Awaited<ReturnType<typeof listApiKeys>>,
): CreatedApiKey | null {
  const value = request.cookies[NEW_KEY_COOKIE];
  if (!value) return null;
  reply.clearCookie(NEW_KEY_COOKIE, NEW_KEY_COOKIE_SCOPE);
  const opened = openNewKey(request, shopId, value);
  if (!opened || ctx.clock.now().getTime() - opened.at > NEW_KEY_SHOWN_FOR_MS) return null;
  const summary = keys.find((k) => k.id === opened.id && !k.revokedAt);
  return summary ? { ...summary, key: opened.key } : null;
}

function openNewKey(request: FastifyRequest, shopId: string, value: string) {
  const key = cookieKey(request, shopId);
  const bytes = Buffer.from(value, 'base64url');
  if (!key || bytes.length <= 28) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    const parsed = JSON.parse(plain) as { id: unknown; key: unknown; at: unknown };
    if (typeof parsed.id !== 'string' || typeof parsed.key !== 'string' || typeof parsed.at !== 'number')
      return null;
    return { id: parsed.id, key: parsed.key, at: parsed.at };
  } catch {
    // Another session's cookie, or one tampered with: nothing to show.
    return null;
  }
}
