import type { StoreVersionView } from '../../app/store-versions/list-store-versions.ts';
import { type Html, html, when } from '../html.ts';
import { csrfField, type Flash, type PageFrame } from './layout.ts';
import { checkboxField, panel, postForm, tableOrNone } from './panels.ts';
import { sectionPage } from './section-page.ts';

/** A store version form as given, with the messages beside its fields. */
export interface VersionForm {
  id: string;
  name: string;
  requiresLogin: boolean;
  errors: { id?: string; name?: string; requiresLogin?: string };
}

export interface StoreVersionsView {
  versions: StoreVersionView[];
  /** The add form. */
  added: VersionForm;
  /** A version's form sent back with its errors (the others show as stored). */
  edited?: VersionForm | null;
  /** The origins allowed to call the shopper routes from a browser: as stored, or as sent with an error. */
  origins: { text: string; error?: string };
  flash?: Flash | null;
}

const invalid = (message: string | undefined) => when(message !== undefined, ' aria-invalid="true"');

function programBadge(frame: PageFrame, v: StoreVersionView): Html {
  const t = frame.t.storeVersions;
  if (v.requiresLogin) return html`<span class="badge muted">${t.never}</span>`;
  return v.selected
    ? html`<span class="badge ok">${t.shown}</span>`
    : html`<span class="badge muted">${t.hidden}</span>`;
}

function versionRow(frame: PageFrame, v: StoreVersionView, edited: VersionForm | null): Html {
  const t = frame.t.storeVersions;
  const f: VersionForm = edited ?? { id: v.id, name: v.name, requiresLogin: v.requiresLogin, errors: {} };
  const key = `v-${encodeURIComponent(v.id).replace(/%/g, '_')}`;
  const formId = `${key}-form`;
  return html`<tr data-version="${v.id}">
    <td class="code">${v.id}</td>
    <td><label for="${key}-name" class="visually-hidden">${t.nameOf(v.id)}</label>
      <input type="text" id="${key}-name" name="name" form="${formId}" value="${f.name}" maxlength="100" required
        aria-describedby="${key}-err-name"${invalid(f.errors.name)}>
      <p class="field-error" id="${key}-err-name" data-error-for="name">${f.errors.name ?? ''}</p></td>
    <td><label class="choice"><input type="checkbox" name="requiresLogin" value="true" form="${formId}"
        aria-describedby="${key}-err-login"${when(f.requiresLogin, ' checked')}${invalid(f.errors.requiresLogin)}>
        <span class="visually-hidden">${t.requiresLoginOf(v.id)}</span><span aria-hidden="true">${t.requiresLogin}</span></label>
      <p class="field-error" id="${key}-err-login" data-error-for="requiresLogin">${f.errors.requiresLogin ?? ''}</p></td>
    <td>${programBadge(frame, v)}</td>
    <td><form method="post" action="/admin/store-versions/${encodeURIComponent(v.id)}" id="${formId}" class="inline-form">
      ${csrfField(frame)}<button type="submit" class="button small secondary" aria-label="${t.saveOf(v.id)}">${t.save}</button></form></td>
  </tr>`;
}

function addForm(frame: PageFrame, f: VersionForm): Html {
  const t = frame.t.storeVersions;
  const login = {
    name: 'requiresLogin',
    label: t.requiresLogin,
    help: t.requiresLoginHelp,
    helpId: 'new-login-help',
  };
  const fields = html`<div class="field"><label for="new-id">${t.id}</label>
        <input type="text" id="new-id" name="id" class="short" value="${f.id}" maxlength="100" required spellcheck="false"
          aria-describedby="new-id-help err-id"${invalid(f.errors.id)}>
        <p class="help" id="new-id-help">${t.idHelp}</p>
        <p class="field-error" id="err-id" data-error-for="id">${f.errors.id ?? ''}</p></div>
      <div class="field"><label for="new-name">${t.name}</label>
        <input type="text" id="new-name" name="name" value="${f.name}" maxlength="100" required
          aria-describedby="err-name"${invalid(f.errors.name)}>
        <p class="field-error" id="err-name" data-error-for="name">${f.errors.name ?? ''}</p></div>
      ${checkboxField({ ...login, checked: f.requiresLogin })}`;
  return panel('add-title', t.add, postForm(frame, '/admin/store-versions', fields, t.addSubmit));
}

export function storeVersionsPage(frame: PageFrame, view: StoreVersionsView): Html {
  return sectionPage(
    frame,
    'storeVersions',
    view.flash,
    html`${versionList(frame, view)}
    ${addForm(frame, view.added)}
    ${originsForm(frame, view.origins)}`,
  );
}

/** The shop's store versions, each a row that saves its own changes. */
function versionList(frame: PageFrame, view: StoreVersionsView): Html {
  const t = frame.t.storeVersions;
  const none = html`<p class="muted">${t.none}</p>`;
  const editedOf = (v: StoreVersionView) => (view.edited?.id === v.id ? view.edited : null);
  return panel(
    'versions-title',
    t.title,
    tableOrNone(
      view.versions,
      { id: 'store-versions', none },
      html`
        <thead><tr><th scope="col">${t.id}</th><th scope="col">${t.name}</th><th scope="col">${t.requiresLogin}</th>
          <th scope="col">${t.program}</th><th scope="col"><span class="visually-hidden">${t.save}</span></th></tr></thead>
        <tbody>${view.versions.map((v) => versionRow(frame, v, editedOf(v)))}</tbody>
        `,
    ),
  );
}

/** The web origins whose pages may call the shopper routes (CORS), one per line. */
function originsForm(frame: PageFrame, origins: StoreVersionsView['origins']): Html {
  const t = frame.t.storefrontOrigins;
  return html`<section class="panel" id="storefront-origins" aria-labelledby="origins-title">
    <h2 id="origins-title">${t.title}</h2>
    <p class="help">${t.intro}</p>
    ${postForm(
      frame,
      '/admin/storefront-origins',
      html`<div class="field"><label for="origins">${t.label}</label>
        <textarea id="origins" name="origins" rows="4" spellcheck="false" class="code"
          aria-describedby="origins-help err-origins"${when(origins.error !== undefined, ' aria-invalid="true"')}>${origins.text}</textarea>
        <p class="help" id="origins-help">${t.help}</p>
        <p class="field-error" id="err-origins" data-error-for="origins">${origins.error ?? ''}</p></div>`,
      t.save,
    )}
  </section>`;
}
