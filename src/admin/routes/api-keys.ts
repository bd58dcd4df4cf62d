import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type CreatedApiKey, createApiKey } from '../../app/api-keys/create-api-key.ts';
import { listApiKeys } from '../../app/api-keys/list-api-keys.ts';
import { revokeApiKey } from '../../app/api-keys/revoke-api-key.ts';
import type { AppContext } from '../../app/context.ts';
import {
  type CreatedStorefrontSecret,
  createStorefrontSecret,
  listStorefrontSecrets,
  revokeStorefrontSecret,
  type StorefrontSecretSummary,
} from '../../app/shopper/storefront-secrets.ts';
import { DomainError } from '../../domain/errors.ts';
import { MAX_LABEL_LENGTH } from '../../domain/limits.ts';
import { parseSessionCookie, SESSION_COOKIE } from '../auth.ts';
import { formText } from '../forms/numbers.ts';
import { flashFrom, sendPage, shopContext } from '../request-context.ts';
import {
  type ApiKeyForm,
  type ApiKeysView,
  apiKeysPage,
  revokeKeyPage,
  revokeSecretPage,
  type SecretForm,
} from '../views/api-keys.ts';

type KeyRequest = FastifyRequest<{ Params: { keyId: string } }>;

const emptyForm = (): ApiKeyForm => ({ name: '', readOnly: false, errors: {} });
const emptySecretForm = (): SecretForm => ({ name: '', errors: {} });

type Context = Awaited<ReturnType<typeof shopContext>>;
type PageParts = Omit<ApiKeysView, 'keys' | 'secrets' | 'form' | 'secretForm'> &
  Partial<Pick<ApiKeysView, 'form' | 'secretForm'>>;

/** The page with the shop's API keys and storefront secrets listed, and these parts. */
async function pageWith(ctx: AppContext, { frame, fmt, shopId }: Context, parts: PageParts) {
  const [keys, secrets] = await Promise.all([listApiKeys(ctx, shopId), listStorefrontSecrets(ctx, shopId)]);
  return apiKeysPage(frame, fmt, {
    keys,
    secrets,
    form: emptyForm(),
    secretForm: emptySecretForm(),
    ...parts,
  });
}

/**
 * The API keys page: the shop's keys with their last use, a form to create one and revoking with
 * a confirmation step, and the same for its storefront secrets. Creating answers with a redirect,
 * so that reloading the page that shows the new key asks for the page again instead of sending
 * the form (and making a key) again.
 */
export function apiKeyRoutes(app: FastifyInstance, ctx: AppContext, secureCookies = false) {
  const showNewKey = newKeyRedirect(ctx, secureCookies);
  app.get('/api-keys', async (request, reply) => {
    const context = await shopContext(ctx, request);
    const created = await takeNewKey(ctx, request, reply, context.shopId);
    const flash = flashFrom(request, {
      revoked: context.frame.t.apiKeys.revoked,
      secretRevoked: context.frame.t.storefrontSecrets.revoked,
    });
    return sendPage(reply, await pageWith(ctx, context, { flash, ...created }));
  });

  app.post('/api-keys', async (request, reply) => {
    const context = await shopContext(ctx, request);
    const t = context.frame.t.apiKeys;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form: ApiKeyForm = {
      name: formText(body.name),
      readOnly: formText(body.readOnly) === 'true',
      errors: {},
    };
    const name = checkedName(form, t);
    if (name === undefined) {
      const flash = { kind: 'error' as const, text: t.invalid };
      return sendPage(reply, await pageWith(ctx, context, { form, flash }), 422);
    }
    const created = await createApiKey(ctx, { shopId: context.shopId, name, readOnly: form.readOnly });
    return showNewKey(request, reply, context.shopId, { kind: 'api_key', id: created.id, key: created.key });
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

  storefrontSecretRoutes(app, ctx, showNewKey);
}

/**
 * The page's storefront secrets: created (shown once, as a new API key is), and revoked with a
 * confirmation step.
 */
function storefrontSecretRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  showNewKey: ReturnType<typeof newKeyRedirect>,
) {
  app.post('/api-keys/storefront-secrets', async (request, reply) => {
    const context = await shopContext(ctx, request);
    const t = context.frame.t.apiKeys;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const secretForm: SecretForm = { name: formText(body.name), errors: {} };
    const name = checkedName(secretForm, t);
    if (name === undefined) {
      const flash = { kind: 'error' as const, text: context.frame.t.storefrontSecrets.invalid };
      return sendPage(reply, await pageWith(ctx, context, { secretForm, flash }), 422);
    }
    const created = await createStorefrontSecret(ctx, { shopId: context.shopId, name });
    return showNewKey(request, reply, context.shopId, {
      kind: 'secret',
      id: created.id,
      key: created.secret,
    });
  });

  app.post<{ Params: { secretId: string } }>(
    '/api-keys/storefront-secrets/:secretId/revoke',
    async (request, reply) => {
      const { frame, shopId } = await shopContext(ctx, request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const secretId = request.params.secretId;
      if (formText(body.confirm) !== 'yes') {
        const secret = (await listStorefrontSecrets(ctx, shopId)).find((s) => s.id === secretId);
        if (!secret)
          throw new DomainError('storefront_secret_not_found', 'No such storefront secret in this shop');
        if (secret.revokedAt) return reply.redirect('/admin/api-keys', 303);
        return sendPage(reply, revokeSecretPage(frame, secret));
      }
      await revokeStorefrontSecret(ctx, { shopId, secretId });
      return reply.redirect('/admin/api-keys?done=secretRevoked', 303);
    },
  );
}

/**
 * The trimmed name of a new key's or secret's form, or undefined with the form's error set when
 * it is empty or too long: the page says why next to the field, before the use case would refuse it.
 */
function checkedName(form: SecretForm, t: Context['frame']['t']['apiKeys']): string | undefined {
  const name = form.name.trim();
  if (!name) form.errors.name = t.nameRequired;
  else if (name.length > MAX_LABEL_LENGTH) form.errors.name = t.nameLong;
  return form.errors.name ? undefined : name;
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

/** What the cookie carries: which kind of secret was made, its id and the secret itself. */
interface NewKey {
  kind: 'api_key' | 'secret';
  id: string;
  key: string;
}

function sealNewKey(request: FastifyRequest, shopId: string, created: NewKey, now: Date): string {
  const key = cookieKey(request, shopId);
  if (!key) throw new Error('An admin form was accepted without a session cookie');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const plain = JSON.stringify({ kind: created.kind, id: created.id, key: created.key, at: now.getTime() });
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** Where a new key or secret is shown: the page, at the section of its kind. */
const NEW_KEY_PAGE: Record<NewKey['kind'], string> = {
  api_key: '/admin/api-keys',
  secret: '/admin/api-keys#storefront-secrets',
};

/**
 * Answers the creation of a key or secret: sets the cookie that carries it to the page after the
 * redirect, and redirects there.
 */
function newKeyRedirect(ctx: AppContext, secureCookies: boolean) {
  return (request: FastifyRequest, reply: FastifyReply, shopId: string, created: NewKey) => {
    reply.setCookie(NEW_KEY_COOKIE, sealNewKey(request, shopId, created, ctx.clock.now()), {
      ...NEW_KEY_COOKIE_SCOPE,
      secure: secureCookies || request.protocol === 'https',
      maxAge: NEW_KEY_SHOWN_FOR_MS / 1000,
    });
    return reply.redirect(NEW_KEY_PAGE[created.kind], 303);
  };
}

/**
 * The key or storefront secret just created by this session, to show this once; the cookie that
 * carried it is cleared.
 */
async function takeNewKey(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  shopId: string,
): Promise<{ created?: CreatedApiKey; createdSecret?: CreatedStorefrontSecret }> {
  const value = request.cookies[NEW_KEY_COOKIE];
  if (!value) return {};
  reply.clearCookie(NEW_KEY_COOKIE, NEW_KEY_COOKIE_SCOPE);
  const opened = openNewKey(request, shopId, value);
  if (!opened || ctx.clock.now().getTime() - opened.at > NEW_KEY_SHOWN_FOR_MS) return {};
  if (opened.kind === 'secret') {
    const secrets: StorefrontSecretSummary[] = await listStorefrontSecrets(ctx, shopId);
    const summary = secrets.find((k) => k.id === opened.id && !k.revokedAt);
    return summary ? { createdSecret: { ...summary, secret: opened.key } } : {};
  }
  const summary = (await listApiKeys(ctx, shopId)).find((k) => k.id === opened.id && !k.revokedAt);
  return summary ? { created: { ...summary, key: opened.key } } : {};
}

function openNewKey(request: FastifyRequest, shopId: string, value: string) {
  const key = cookieKey(request, shopId);
  const bytes = Buffer.from(value, 'base64url');
  if (!key || bytes.length <= 28) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    const parsed = JSON.parse(plain) as { kind: unknown; id: unknown; key: unknown; at: unknown };
    if (typeof parsed.id !== 'string' || typeof parsed.key !== 'string' || typeof parsed.at !== 'number')
      return null;
    const kind: NewKey['kind'] = parsed.kind === 'secret' ? 'secret' : 'api_key';
    return { kind, id: parsed.id, key: parsed.key, at: parsed.at };
  } catch {
    // Another session's cookie, or one tampered with: nothing to show.
    return null;
  }
}
