import type { ApiKeySummary, CreatedApiKey } from '../../app/api-keys/create-api-key.ts';
import type {
  CreatedStorefrontSecret,
  StorefrontSecretSummary,
} from '../../app/shopper/storefront-secrets.ts';
import { type Html, html, when } from '../html.ts';
import type { Format } from '../i18n/index.ts';
import { confirmPage } from './confirm-page.ts';
import { csrfField, type Flash, type PageFrame } from './layout.ts';
import { checkboxField, panel, postForm, tableOrNone } from './panels.ts';
import { sectionPage } from './section-page.ts';

/** The create form as given, with the message beside its field. */
export interface ApiKeyForm {
  name: string;
  readOnly: boolean;
  errors: { name?: string };
}

/** The storefront secret form as given, with the message beside its field. */
export interface SecretForm {
  name: string;
  errors: { name?: string };
}

export interface ApiKeysView {
  keys: ApiKeySummary[];
  form: ApiKeyForm;
  /** The key just created: its secret is shown this once. */
  created?: CreatedApiKey | null;
  secrets: StorefrontSecretSummary[];
  secretForm: SecretForm;
  /** The storefront secret just created: shown this once. */
  createdSecret?: CreatedStorefrontSecret | null;
  flash?: Flash | null;
}

function createdBox(frame: PageFrame, created: CreatedApiKey): Html {
  const t = frame.t.apiKeys;
  return html`<section class="panel secret-box" aria-labelledby="created-title">
    <h2 id="created-title">${t.createdTitle}: ${created.name}</h2>
    <p id="created-help">${t.createdText}</p>
    ${copyField(frame, { id: 'new-key', label: t.key, value: created.key, help: 'created-help' })}
  </section>`;
}

/** A new key or secret in a read-only field, with a button (shown by the script) that copies it. */
function copyField(
  frame: PageFrame,
  field: { id: string; label: string; value: string; help: string },
): Html {
  const t = frame.t.apiKeys;
  return html`<div class="field"><label for="${field.id}">${field.label}</label>
      <div class="inline-inputs">
        <input type="text" id="${field.id}" class="code secret" value="${field.value}" readonly spellcheck="false"
          autocomplete="off" aria-describedby="${field.help}">
        <button type="button" class="button secondary" data-copy="${field.id}" hidden
          data-copied="${t.copied}" data-copy-failed="${t.copyFailed}">${t.copy}</button>
      </div>
      <p class="help" id="copy-status" role="status" aria-live="polite"></p>
    </div>`;
}

/** The Name field of a create form, with its help and, after a refused post, its error. */
function nameField(
  frame: PageFrame,
  form: SecretForm,
  field: { id: string; help: string; errorId: string },
): Html {
  const invalid = form.errors.name !== undefined;
  return html`<div class="field"><label for="${field.id}">${frame.t.apiKeys.name}</label>
        <input type="text" id="${field.id}" name="name" value="${form.name}" maxlength="100" required
          aria-describedby="${field.id}-help ${field.errorId}"${when(invalid, ' aria-invalid="true"')}>
        <p class="help" id="${field.id}-help">${field.help}</p>
        <p class="field-error" id="${field.errorId}" data-error-for="name">${form.errors.name ?? ''}</p></div>`;
}

function createForm(frame: PageFrame, form: ApiKeyForm): Html {
  const t = frame.t.apiKeys;
  const readOnly = { name: 'readOnly', label: t.readOnly, help: t.readOnlyHelp, helpId: 'key-read-help' };
  const fields = html`${nameField(frame, form, { id: 'key-name', help: t.nameHelp, errorId: 'err-name' })}
      ${checkboxField({ ...readOnly, checked: form.readOnly })}`;
  return panel('create-title', t.create, postForm(frame, '/admin/api-keys', fields, t.submit));
}

function keyRow(frame: PageFrame, fmt: Format, key: ApiKeySummary): Html {
  const t = frame.t.apiKeys;
  return html`<tr data-key="${key.id}"><td>${key.name}</td><td class="code">${key.prefix}…</td>
    <td>${key.readOnly ? t.readOnlyAccess : t.fullAccess}</td>
    ${lifeCells(frame, fmt, key, {
      action: `/admin/api-keys/${encodeURIComponent(key.id)}/revoke`,
      label: t.revokeLabel(key.name),
    })}</tr>`;
}

/**
 * A key's or secret's created, last used and status cells, and its revoke button while it is
 * active (the button leads to the confirmation step).
 */
function lifeCells(
  frame: PageFrame,
  fmt: Format,
  item: { createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null },
  revoke: { action: string; label: string },
): Html {
  const t = frame.t.apiKeys;
  const button = html`<form method="post" action="${revoke.action}" class="inline-form">
      ${csrfField(frame)}<button type="submit" class="button small danger" aria-label="${revoke.label}">${t.revoke}</button></form>`;
  return html`<td>${fmt.dateTime(item.createdAt)}</td>
    <td>${item.lastUsedAt ? fmt.dateTime(item.lastUsedAt) : t.never}</td>
    <td>${
      item.revokedAt
        ? html`<span class="badge muted">${t.revokedOn(fmt.dateTime(item.revokedAt))}</span>`
        : html`<span class="badge ok">${t.active}</span>`
    }</td>
    <td>${item.revokedAt ? '' : button}</td>`;
}

export function apiKeysPage(frame: PageFrame, fmt: Format, view: ApiKeysView): Html {
  return sectionPage(
    frame,
    'apiKeys',
    view.flash,
    html`${view.created ? createdBox(frame, view.created) : ''}
    ${createForm(frame, view.form)}
    ${keyList(frame, fmt, view.keys)}
    ${secretsSection(frame, fmt, view)}`,
  );
}

/** The shop's keys, with a word on how up to date their last use is. */
function keyList(frame: PageFrame, fmt: Format, keys: ApiKeySummary[]): Html {
  const t = frame.t.apiKeys;
  const none = html`<p class="muted">${t.none}</p>`;
  const table = tableOrNone(
    keys,
    { id: 'api-keys', none },
    html`
        <thead><tr><th scope="col">${t.name}</th><th scope="col">${t.prefix}</th><th scope="col">${t.access}</th>
          <th scope="col">${t.created}</th><th scope="col">${t.lastUsed}</th><th scope="col">${t.status}</th>
          <th scope="col"><span class="visually-hidden">${t.revoke}</span></th></tr></thead>
        <tbody>${keys.map((key) => keyRow(frame, fmt, key))}</tbody>`,
  );
  const note =
    keys.length === 0
      ? ''
      : html`
      <p class="small muted">${t.lastUseNote}</p>`;
  return panel('keys-title', t.list, html`${table}${note}`);
}

function createdSecretBox(frame: PageFrame, created: CreatedStorefrontSecret): Html {
  const t = frame.t.storefrontSecrets;
  return html`<section class="panel secret-box" aria-labelledby="secret-created-title">
    <h3 id="secret-created-title">${t.createdTitle}: ${created.name}</h3>
    <p id="secret-created-help">${t.createdText}</p>
    <div class="field"><label for="new-secret-id">${t.kid}</label>
      <input type="text" id="new-secret-id" class="code" value="${created.id}" readonly spellcheck="false"></div>
    ${copyField(frame, { id: 'new-secret', label: t.secret, value: created.secret, help: 'secret-created-help' })}
  </section>`;
}

function secretRow(frame: PageFrame, fmt: Format, secret: StorefrontSecretSummary): Html {
  return html`<tr data-secret="${secret.id}"><td>${secret.name}</td><td class="code">${secret.id}</td>
    ${lifeCells(frame, fmt, secret, {
      action: `/admin/api-keys/storefront-secrets/${encodeURIComponent(secret.id)}/revoke`,
      label: frame.t.storefrontSecrets.revokeLabel(secret.name),
    })}</tr>`;
}

/** Storefront secrets: the keys the shop's back end signs its shoppers' tokens with. */
function secretsSection(frame: PageFrame, fmt: Format, view: ApiKeysView): Html {
  const t = frame.t.storefrontSecrets;
  const k = frame.t.apiKeys;
  const form = view.secretForm;
  return html`<section class="panel" id="storefront-secrets" aria-labelledby="secrets-title">
    <h2 id="secrets-title">${t.title}</h2>
    <p class="help">${t.intro}</p>
    ${view.createdSecret ? createdSecretBox(frame, view.createdSecret) : ''}
    ${postForm(
      frame,
      '/admin/api-keys/storefront-secrets',
      nameField(frame, form, { id: 'secret-name', help: t.nameHelp, errorId: 'err-secret-name' }),
      t.submit,
    )}
    ${tableOrNone(
      view.secrets,
      { id: 'storefront-secret-list', none: html`<p class="muted">${t.none}</p>` },
      html`
      <caption class="visually-hidden">${t.title}</caption>
      <thead><tr><th scope="col">${k.name}</th><th scope="col">${t.kid}</th>
        <th scope="col">${k.created}</th><th scope="col">${k.lastUsed}</th><th scope="col">${k.status}</th>
        <th scope="col"><span class="visually-hidden">${k.revoke}</span></th></tr></thead>
      <tbody>${view.secrets.map((secret) => secretRow(frame, fmt, secret))}</tbody>`,
    )}
  </section>`;
}

/** The step that asks before a storefront secret is revoked: works without a script. */
export function revokeSecretPage(frame: PageFrame, secret: StorefrontSecretSummary): Html {
  const action = `/admin/api-keys/storefront-secrets/${encodeURIComponent(secret.id)}/revoke`;
  return confirmRevokePage(frame, frame.t.storefrontSecrets, secret.name, action);
}

/** The step that asks before a key is revoked: works without a script. */
export function revokeKeyPage(frame: PageFrame, key: ApiKeySummary): Html {
  return confirmRevokePage(
    frame,
    frame.t.apiKeys,
    key.name,
    `/admin/api-keys/${encodeURIComponent(key.id)}/revoke`,
  );
}

/** A revocation's confirmation, a form posting `confirm=yes` to `action`, or back to the page. */
function confirmRevokePage(
  frame: PageFrame,
  t: { revokeTitle: (name: string) => string; revokeText: string; revokeConfirm: string },
  name: string,
  action: string,
): Html {
  return confirmPage(frame, {
    title: t.revokeTitle(name),
    active: 'apiKeys',
    text: t.revokeText,
    action,
    confirm: { label: t.revokeConfirm, className: 'button danger' },
    back: { href: '/admin/api-keys', label: frame.t.apiKeys.cancel },
  });
}
