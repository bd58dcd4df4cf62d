import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { listStorefrontOrigins, setStorefrontOrigins } from '../../app/shopper/storefront-origins.ts';
import { listStoreVersions, storeVersionIn } from '../../app/store-versions/list-store-versions.ts';
import { putStoreVersion } from '../../app/store-versions/put-store-version.ts';
import { DomainError } from '../../domain/errors.ts';
import { MAX_LABEL_LENGTH, MAX_STORE_ID_LENGTH } from '../../domain/limits.ts';
import { formText } from '../forms/numbers.ts';
import type { Messages } from '../i18n/index.ts';
import { query, sendPage, shopContext } from '../request-context.ts';
import type { Flash, PageFrame } from '../views/layout.ts';
import { type StoreVersionsView, storeVersionsPage, type VersionForm } from '../views/store-versions.ts';

const emptyForm = (): VersionForm => ({ id: '', name: '', requiresLogin: false, errors: {} });

function readForm(body: unknown, id?: string): VersionForm {
  const b = (body ?? {}) as Record<string, unknown>;
  return {
    id: id ?? formText(b.id),
    name: formText(b.name),
    requiresLogin: formText(b.requiresLogin) === 'true',
    errors: {},
  };
}

/** The name's message, if any: 1 to 100 characters after trimming. */
function checkName(form: VersionForm, t: Messages) {
  const name = form.name.trim();
  if (!name) form.errors.name = t.storeVersions.nameRequired;
  else if (name.length > MAX_LABEL_LENGTH) form.errors.name = t.storeVersions.tooLong;
}

/** The store versions page: list, add, rename and mark login-required, through `putStoreVersion`. */
export function storeVersionRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/store-versions', async (request, reply) => {
    const { frame, shopId } = await shopContext(ctx, request);
    const versions = await listStoreVersions(ctx, shopId);
    const q = query(request);
    const version = versions.find((v) => v.id === q.version);
    const t = frame.t.storeVersions;
    const flash: Flash | null =
      version && (q.done === 'added' || q.done === 'saved')
        ? { kind: 'ok', text: q.done === 'added' ? t.added(version.name) : t.saved(version.name) }
        : q.done === 'origins'
          ? { kind: 'ok', text: frame.t.storefrontOrigins.saved }
          : null;
    const origins = await storedOrigins(ctx, shopId);
    return sendPage(reply, storeVersionsPage(frame, { versions, added: emptyForm(), origins, flash }));
  });

  app.post('/storefront-origins', async (request, reply) => {
    const { frame, shopId } = await shopContext(ctx, request);
    const text = formText(((request.body ?? {}) as Record<string, unknown>).origins);
    try {
      await setStorefrontOrigins(ctx, { shopId, origins: text.split(/\r?\n/) });
      return reply.redirect('/admin/store-versions?done=origins#storefront-origins', 303);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'invalid_input')) throw error;
      const versions = await listStoreVersions(ctx, shopId);
      const origins = { text, error: frame.t.storefrontOrigins.invalid };
      const flash: Flash = { kind: 'error', text: frame.t.storefrontOrigins.invalid };
      return sendPage(reply, storeVersionsPage(frame, { versions, added: emptyForm(), origins, flash }), 422);
    }
  });

  app.post('/store-versions', async (request, reply) => {
    const { frame, shopId } = await shopContext(ctx, request);
    const t = frame.t.storeVersions;
    const form = readForm(request.body);
    const id = form.id.trim();
    const versions = await listStoreVersions(ctx, shopId);
    if (!id) form.errors.id = t.idRequired;
    else if (id.length > MAX_STORE_ID_LENGTH) form.errors.id = t.tooLong;
    else if (versions.some((v) => v.id === id)) form.errors.id = t.idTaken;
    checkName(form, frame.t);
    if (form.errors.id || form.errors.name)
      return refuse(reply, frame, { versions, added: form, origins: await storedOrigins(ctx, shopId) });
    await putStoreVersion(ctx, shopId, { id, name: form.name.trim(), requiresLogin: form.requiresLogin });
    const params = new URLSearchParams({ done: 'added', version: id });
    return reply.redirect(`/admin/store-versions?${params.toString()}`, 303);
  });

  app.post<{ Params: { versionId: string } }>('/store-versions/:versionId', async (request, reply) => {
    const { frame, shopId } = await shopContext(ctx, request);
    const versions = await listStoreVersions(ctx, shopId);
    const version = storeVersionIn(versions, request.params.versionId);
    const form = readForm(request.body, version.id);
    checkName(form, frame.t);
    if (!form.errors.name) {
      try {
        await putStoreVersion(ctx, shopId, {
          id: version.id,
          name: form.name.trim(),
          requiresLogin: form.requiresLogin,
        });
        const params = new URLSearchParams({ done: 'saved', version: version.id });
        return reply.redirect(`/admin/store-versions?${params.toString()}`, 303);
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'store_version_requires_login')) throw error;
        form.errors.requiresLogin = frame.t.storeVersions.hideFirst;
      }
    }
    return refuse(reply, frame, {
      versions,
      added: emptyForm(),
      edited: form,
      origins: await storedOrigins(ctx, shopId),
    });
  });
}

/** The shop's storefront origins as the form shows them, one per line. */
async function storedOrigins(ctx: AppContext, shopId: string) {
  return { text: (await listStorefrontOrigins(ctx, shopId)).join('\n') };
}

function refuse(reply: FastifyReply, frame: PageFrame, view: Omit<StoreVersionsView, 'flash'>) {
  const flash: Flash = { kind: 'error', text: frame.t.storeVersions.invalid };
  return sendPage(reply, storeVersionsPage(frame, { ...view, flash }), 422);
}
