import type { DateRange } from '../../domain/simulation/date-range.ts';
import { type Html, html, when } from '../html.ts';
import type { Messages } from '../i18n/index.ts';
import { type PageFrame, page } from './layout.ts';

/** The ledger download's period as given, with the messages beside its dates. */
export interface LedgerExportForm {
  range: DateRange;
  errors: Partial<Record<keyof DateRange, string>>;
}

/** The members list's downloads: its CSV, and the page with every export (the ledger's period). */
export function memberDownloadLinks(t: Messages): Html {
  return html`<div class="actions"><a class="button secondary" href="/admin/members.csv" download>${t.exports.download}</a>
    <a class="button secondary" href="/admin/exports">${t.exports.link}</a></div>`;
}

export function codeDownloadLink(t: Messages): Html {
  return html`<div class="actions"><a class="button secondary" href="/admin/codes.csv" download>${t.exports.download}</a></div>`;
}

function dateField(t: Messages, form: LedgerExportForm, key: keyof DateRange): Html {
  const error = form.errors[key];
  return html`<div class="field"><label for="ledger-${key}">${t.exports[key]}</label>
    <input type="date" class="short" id="ledger-${key}" name="${key}" value="${form.range[key]}" required
      aria-describedby="err-${key}"${when(error !== undefined, ' aria-invalid="true"')}>
    <p class="field-error" id="err-${key}" data-error-for="${key}">${error ?? ''}</p></div>`;
}

/** Every download of the admin in one place; the ledger's asks for its period. */
export function exportsPage(frame: PageFrame, form: LedgerExportForm): Html {
  const { t } = frame;
  const x = t.exports;
  const invalid = Object.keys(form.errors).length > 0;
  return page(frame, {
    title: x.title,
    active: 'members',
    flash: invalid ? { kind: 'error', text: x.invalid } : null,
    head: { intro: x.intro },
    body: html`${exportSection(x, 'members', html`<p><a class="button secondary" href="/admin/members.csv" download>${x.download}</a></p>`)}
    ${exportSection(
      x,
      'ledger',
      html`<form method="get" action="/admin/ledger.csv">
        ${dateField(t, form, 'from')}${dateField(t, form, 'to')}
        <button type="submit" class="button">${x.download}</button>
      </form>`,
    )}
    ${exportSection(x, 'codes', html`<p><a class="button secondary" href="/admin/codes.csv" download>${x.download}</a></p>`)}
    ${exportSection(
      x,
      'orders',
      html`<p><a href="/admin/orders">${x.ordersLink}</a></p>
      <p class="help">${x.api} <a href="/docs">${x.apiLink}</a></p>`,
    )}`,
  });
}

/** One export's panel: its heading, what it holds, and how to get it. */
function exportSection(
  x: Messages['exports'],
  name: 'members' | 'ledger' | 'codes' | 'orders',
  how: Html,
): Html {
  return html`<section class="panel" aria-labelledby="exports-${name}">
      <h2 id="exports-${name}">${x[name]}</h2>
      <p class="help">${x[`${name}Help`]}</p>
      ${how}
    </section>`;
}
