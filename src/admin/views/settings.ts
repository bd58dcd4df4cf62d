import type { StoreVersionView } from '../../app/store-versions/list-store-versions.ts';
import { INTERFACE_TAGS, TAG_DESCRIPTIONS } from '../../domain/pages/interface-tags.ts';
import type { RenderedPage } from '../../domain/pages/render-page.ts';
import type { FormErrors, SettingsFormValues } from '../forms/settings-form.ts';
import { type Html, html, jsonScript, when } from '../html.ts';
import type { Format, Messages } from '../i18n/index.ts';
import { csrfField, type Flash, type PageFrame, page } from './layout.ts';
import { pageBlocksHtml } from './page-preview.ts';

export interface SettingsView {
  values: SettingsFormValues;
  errors: FormErrors;
  versions: StoreVersionView[];
  previews: { intro: RenderedPage; terms: RenderedPage };
  defaults: { intro: string; terms: string };
  /** The zones the time zone field suggests, in the order shown. */
  timeZones: readonly string[];
  estimate: Html;
  /** The estimate's key figures in one line, for the save bar of narrow screens. */
  estimateBrief: Html;
  flash?: Flash | null;
}

/** The zone list's options (about 400), made once per list: the same on every settings page. */
const zoneOptions = new WeakMap<readonly string[], Html>();

function timeZoneOptions(zones: readonly string[]): Html {
  let options = zoneOptions.get(zones);
  if (!options) {
    options = html`${zones.map((z) => html`<option value="${z}"></option>`)}`;
    zoneOptions.set(zones, options);
  }
  return options;
}

/** The form fields the e-mail preview depends on; the script sends them as they change. */
export const MAIL_PREVIEW_FIELDS = [
  'name',
  'language',
  'timeZone',
  'codeValidityMonths',
  'tierPoints',
  'tierValue',
] as const;

/** Where the e-mail preview of these form values is: a page of its own, shown in a sandboxed frame. */
export function mailPreviewHref(v: SettingsFormValues): string {
  // In the form's order, as the script sends them, so the first change does not reload it for nothing.
  const params = new URLSearchParams({ name: v.name, language: v.language, timeZone: v.timeZone });
  for (const tier of v.tiers) {
    params.append('tierPoints', tier.points);
    params.append('tierValue', tier.value);
  }
  params.append('codeValidityMonths', v.codeValidityMonths);
  return `/admin/program/mail-preview?${params.toString()}`;
}

const errorId = (key: string) => `err-${key.replace(/\./g, '-')}`;

/** The message slot of a field: always there, so the script can fill it as the form changes. */
function fieldError(errors: FormErrors, key: string): Html {
  return html`<p class="field-error" id="${errorId(key)}" data-error-for="${key}">${errors[key] ?? ''}</p>`;
}

function invalid(errors: FormErrors, key: string): Html {
  return when(errors[key] !== undefined, ' aria-invalid="true"');
}

function describedBy(key: string, help?: string): Html {
  return html` aria-describedby="${help ? `${help} ` : ''}${errorId(key)}"`;
}

function numberField(
  v: SettingsFormValues,
  errors: FormErrors,
  key: 'joinPoints' | 'reviewPoints' | 'codeValidityMonths',
  label: string,
  help: string,
  unit: string,
): Html {
  return html`<div class="field">
    <label for="${key}">${label}</label>
    <div class="inline-inputs"><input type="text" class="short" inputmode="numeric" id="${key}" name="${key}" value="${v[key]}"
      ${invalid(errors, key)}${describedBy(key, `${key}-help`)}> <span>${unit}</span></div>
    <p class="help" id="${key}-help">${help}</p>
    ${fieldError(errors, key)}
  </div>`;
}

/** Reminders of codes about to expire: on or off, and how many days before their last valid day. */
function remindersField(t: Messages, v: SettingsFormValues, errors: FormErrors): Html {
  const key = 'codeReminders.daysBefore';
  return html`<div class="field">
    <p class="choice"><input type="checkbox" id="remindersOn" name="remindersOn" value="on"${when(v.remindersOn, ' checked')}
      aria-describedby="reminders-help"> <label for="remindersOn">${t.settingsPage.reminders}</label></p>
    <div class="inline-inputs"><input type="text" class="short" inputmode="numeric" id="reminderDays" name="reminderDays" value="${v.reminderDays}"
      aria-label="${t.settingsPage.reminderDays}"${invalid(errors, key)}${describedBy(key, 'reminders-help')}> <span>${t.settingsPage.reminderDays}</span></div>
    <p class="help" id="reminders-help">${t.settingsPage.remindersHelp}</p>
    ${fieldError(errors, key)}
  </div>`;
}

/** The limit on the codes' cost, typed in per cent; its errors are those of `codeCostLimitBp`. */
function costLimitField(t: Messages, v: SettingsFormValues, errors: FormErrors): Html {
  const key = 'codeCostLimitBp';
  return html`<div class="field">
    <label for="codeCostLimit">${t.settingsPage.costLimit}</label>
    <div class="inline-inputs"><input type="text" class="short" inputmode="decimal" id="codeCostLimit" name="codeCostLimit" value="${v.codeCostLimit}"
      ${invalid(errors, key)}${describedBy(key, 'codeCostLimit-help')}> <span>${t.settingsPage.costLimitUnit}</span></div>
    <p class="help" id="codeCostLimit-help">${t.settingsPage.costLimitHelp}</p>
    ${fieldError(errors, key)}
  </div>`;
}

function tierRows(t: Messages, v: SettingsFormValues, errors: FormErrors): Html {
  return html`${v.tiers.map(
    (tier, i) => html`<tr class="tier-row">
      <td class="tier-name" data-tier-name>${t.settings.tierN(i + 1)}</td>
      <td><label class="visually-hidden" for="tier-${i}-points" data-tier-label="points">${t.settings.tierN(i + 1)}: ${t.settings.tierPoints}</label>
        <input type="text" inputmode="numeric" id="tier-${i}-points" name="tierPoints" value="${tier.points}"
          ${invalid(errors, `tiers.${i}.points`)}${describedBy(`tiers.${i}.points`)}>
        ${fieldError(errors, `tiers.${i}.points`)}</td>
      <td><label class="visually-hidden" for="tier-${i}-value" data-tier-label="value">${t.settings.tierN(i + 1)}: ${t.settings.tierValue}</label>
        <input type="text" inputmode="decimal" id="tier-${i}-value" name="tierValue" value="${tier.value}"
          ${invalid(errors, `tiers.${i}.valueCents`)}${describedBy(`tiers.${i}.valueCents`)}>
        ${fieldError(errors, `tiers.${i}.valueCents`)}</td>
      <td class="tier-actions">
        <button type="button" class="icon-button" data-tier-action="up" aria-label="${t.settings.moveUp}" title="${t.settings.moveUp}">↑</button>
        <button type="button" class="icon-button" data-tier-action="down" aria-label="${t.settings.moveDown}" title="${t.settings.moveDown}">↓</button>
        <button type="button" class="icon-button" data-tier-action="remove" aria-label="${t.settings.remove}" title="${t.settings.remove}">✕</button>
      </td>
    </tr>`,
  )}`;
}

function pageEditor(
  t: Messages,
  lang: 'fi' | 'en',
  v: SettingsFormValues,
  errors: FormErrors,
  kind: 'intro' | 'terms',
  label: string,
  preview: RenderedPage,
): Html {
  const key = `${kind}Page` as const;
  return html`<div class="page-editor">
    <div class="field">
      <label for="${key}">${label}</label>
      <textarea id="${key}" name="${key}" rows="14" spellcheck="true"${invalid(errors, key)}${describedBy(key)}>${v[key]}</textarea>
      ${fieldError(errors, key)}
      <ul class="tag-list" aria-label="${t.settings.tags}">
        ${INTERFACE_TAGS.map(
          (tag) => html`<li><button type="button" data-insert-tag="{${tag}}" data-target="${key}"
            title="${TAG_DESCRIPTIONS[lang][tag]}" aria-label="${t.settings.insertTag(`{${tag}}`)}: ${TAG_DESCRIPTIONS[lang][tag]}">{${tag}}</button></li>`,
        )}
      </ul>
      <button type="button" class="button small secondary" data-reset-text="${kind}" data-target="${key}">${t.settings.resetText}</button>
    </div>
    <div>
      <p class="field-label" id="preview-${kind}-label">${t.settings.preview}: ${label}</p>
      <div class="preview" id="preview-${kind}" aria-labelledby="preview-${kind}-label" aria-live="polite">${previewHtml(preview)}</div>
    </div>
  </div>`;
}

export function previewHtml(preview: RenderedPage): Html {
  return html`${preview.unknownTags.length ? html`<p class="warning">${preview.unknownTags.join(', ')} ?</p>` : ''}${pageBlocksHtml(preview.blocks)}`;
}

export function settingsForm(frame: PageFrame, fmt: Format, view: SettingsView): Html {
  const { t } = frame;
  return html`<form method="post" action="/admin/program/settings" id="settings-form" class="settings-form" novalidate>
    ${csrfField(frame)}
    ${section('basics', t.settings.basics, basicsFields(t, view))}

    ${section('accrual', t.settings.accrual, accrualFields(t, fmt, view))}

    ${section('rewards', t.settings.rewards, rewardsFields(t, view))}

    ${section('pages', t.settings.pages, pagesFields(frame, view))}

    <div class="form-actions sticky-actions">
      <p class="estimate-brief" id="estimate-brief">${view.estimateBrief}</p>
      <button type="submit" class="button large">${t.settings.save}</button>
      <a href="/admin/program">${t.settings.cancel}</a>
    </div>
    ${jsonScript('tier-texts', {
      tierN: t.settings.tierN(0).replace('0', '{n}'),
      points: t.settings.tierPoints,
      value: t.settings.tierValue,
    })}
    ${jsonScript('default-texts', view.defaults)}
  </form>`;
}

/** One section of the form, placed in the layout by its `s-<name>` class. */
function section(name: string, legend: string, content: Html): Html {
  return html`<fieldset class="s-${name}">
      <legend>${legend}</legend>${content}</fieldset>`;
}

/** Name, store versions, language and time zone. */
function basicsFields(t: Messages, view: SettingsView): Html {
  const { values: v, errors: e } = view;
  return html`
      <div class="field">
        <label for="name">${t.settings.name}</label>
        <input type="text" id="name" name="name" value="${v.name}" maxlength="100" required${invalid(e, 'name')}${describedBy('name', 'name-help')}>
        <p class="help" id="name-help">${t.settings.nameHelp}</p>
        ${fieldError(e, 'name')}
      </div>
      <fieldset class="field" aria-describedby="versions-help ${errorId('storeVersionIds')}">
        <legend class="field-label">${t.settings.versions}</legend>
        <ul class="choices">
          ${view.versions.map(
            (version) => html`<li class="choice${version.requiresLogin ? ' disabled' : ''}">
              <input type="checkbox" id="version-${version.id}" name="storeVersionIds" value="${version.id}"
                ${when(v.storeVersionIds.includes(version.id), 'checked')} ${when(version.requiresLogin, 'disabled')}
                ${version.requiresLogin ? html`aria-describedby="version-${version.id}-reason"` : ''}>
              <label for="version-${version.id}">${version.name} <span class="muted small">(${version.id})</span>
                ${version.requiresLogin ? html`<span class="reason" id="version-${version.id}-reason">${t.settings.requiresLogin}</span>` : ''}</label>
            </li>`,
          )}
        </ul>
        <p class="help" id="versions-help">${t.settings.versionsHelp}</p>
        ${fieldError(e, 'storeVersionIds')}
      </fieldset>
      <div class="grid-2">
        <div class="field">
          <label for="language">${t.settings.language}</label>
          <select id="language" name="language">
            <option value="fi"${when(v.language === 'fi', ' selected')}>Suomi</option>
            <option value="en"${when(v.language === 'en', ' selected')}>English</option>
          </select>
        </div>
        <div class="field">
          <label for="timeZone">${t.settings.timeZone}</label>
          <input type="text" id="timeZone" name="timeZone" value="${v.timeZone}" list="time-zones" autocomplete="off"
            autocapitalize="off" spellcheck="false"${invalid(e, 'timeZone')}${describedBy('timeZone', 'timeZone-help')}>
          <datalist id="time-zones">${timeZoneOptions(view.timeZones)}</datalist>
          <p class="help" id="timeZone-help">${t.settingsPage.timeZoneHelp}</p>
          ${fieldError(e, 'timeZone')}
        </div>
      </div>
    `;
}

/** How points are earned: the purchase ratio, joining and reviews. */
function accrualFields(t: Messages, fmt: Format, view: SettingsView): Html {
  const { values: v, errors: e } = view;
  const ratios = [10, 100, 1000];
  return html`
      <fieldset class="field" aria-describedby="ratio-help ${errorId('purchaseRatioCents')}">
        <legend class="field-label">${t.settings.purchases}</legend>
        <ul class="choices">
          ${ratios.map(
            (
              cents,
            ) => html`<li class="choice"><input type="radio" id="ratio-${cents}" name="purchaseRatioCents" value="${cents}"
              ${when(v.purchaseRatioCents === String(cents), 'checked')}>
              <label for="ratio-${cents}">${t.settings.ratio(fmt.euros(cents))}</label></li>`,
          )}
        </ul>
        <p class="help" id="ratio-help">${t.settings.purchasesHelp}</p>
        ${fieldError(e, 'purchaseRatioCents')}
      </fieldset>
      ${numberField(v, e, 'joinPoints', t.settings.joinPoints, t.settings.joinHelp, t.settings.points)}
      ${numberField(v, e, 'reviewPoints', t.settings.reviewPoints, t.settings.reviewHelp, t.settings.points)}
    `;
}

/** What points turn into: the tiers and how long a code stays valid. */
function rewardsFields(t: Messages, view: SettingsView): Html {
  const { values: v, errors: e } = view;
  return html`
      <div class="field">
        <p class="field-label" id="tiers-label">${t.settings.tiers}</p>
        <p class="help" id="tiers-help">${t.settings.tiersHelp}</p>
        <table class="tiers" aria-labelledby="tiers-label" aria-describedby="tiers-help">
          <thead><tr><th scope="col"><span class="visually-hidden">${t.settings.tiers}</span></th>
            <th scope="col">${t.settings.tierPoints}</th><th scope="col">${t.settings.tierValue}</th><th scope="col"></th></tr></thead>
          <tbody id="tier-rows">${tierRows(t, v, e)}</tbody>
        </table>
        ${fieldError(e, 'tiers')}
        <button type="button" class="button small secondary" id="add-tier">+ ${t.settings.addTier}</button>
      </div>
      ${numberField(v, e, 'codeValidityMonths', t.settings.validity, t.settings.validityHelp, t.settings.months)}
      ${costLimitField(t, v, e)}
      ${remindersField(t, v, e)}
    `;
}

/** The intro and terms pages, each with its editor and preview. */
function pagesFields(frame: PageFrame, view: SettingsView): Html {
  const { values: v, errors: e } = view;
  const { t } = frame;
  return html`
      <p class="help">${t.settings.pagesHelp}</p>
      ${pageEditor(t, frame.lang, v, e, 'intro', t.settings.intro, view.previews.intro)}
      ${pageEditor(t, frame.lang, v, e, 'terms', t.settings.terms, view.previews.terms)}
      ${mailPreview(t, v)}
    `;
}

/** The monthly e-mail as members would get it with the settings as typed, in a sandboxed frame. */
function mailPreview(t: Messages, v: SettingsFormValues): Html {
  return html`<div class="mail-preview">
      <p class="field-label" id="mail-preview-label">${t.settings.preview}: ${t.settingsPage.mailPreview}</p>
      <p class="help" id="mail-preview-help">${t.settingsPage.mailPreviewHelp}</p>
      <iframe class="mail-preview-frame" id="mail-preview" src="${mailPreviewHref(v)}" title="${t.settingsPage.mailPreviewTitle}"
        sandbox data-fields="${MAIL_PREVIEW_FIELDS.join(' ')}" aria-describedby="mail-preview-help"></iframe>
    </div>`;
}

export function settingsPage(frame: PageFrame, fmt: Format, view: SettingsView): Html {
  const { t } = frame;
  return page(frame, {
    title: t.settings.title,
    active: 'settings',
    charts: true,
    flash: view.flash,
    head: {},
    body: html`<div class="settings-layout">
        ${settingsForm(frame, fmt, view)}
        ${view.estimate}
      </div>`,
  });
}
