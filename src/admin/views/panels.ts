import { type Html, html, when } from '../html.ts';
import { csrfField, type PageFrame } from './layout.ts';

/** A form posting `fields` to `action`, with the CSRF token and one submit button. */
export function postForm(frame: PageFrame, action: string, fields: Html, submit: string): Html {
  return html`<form method="post" action="${action}" novalidate>
      ${csrfField(frame)}
      ${fields}
      <button type="submit" class="button">${submit}</button>
    </form>`;
}

/** A list's filters: a GET form of `fields` that shows the list again with them. */
export function filterForm(action: string, fields: Html, submit: string): Html {
  return html`<form method="get" action="${action}" class="filters">
        ${fields}
        <button type="submit" class="button">${submit}</button>
      </form>`;
}

/**
 * The rows as a data table (`inner`: its caption, head and body), or the `none` line when there
 * are none; the wrapper lets a wide table scroll on a narrow screen.
 */
export function tableOrNone(
  rows: readonly unknown[],
  table: { id: string; className?: string; none: Html },
  inner: Html,
): Html {
  if (rows.length === 0) return table.none;
  return html`<div class="table-wrap"><table class="${table.className ?? 'data'}" id="${table.id}">${inner}</table></div>`;
}

/** A panel of the page under its heading, which names it for assistive technology. */
export function panel(id: string, title: string, content: Html): Html {
  return html`<section class="panel" aria-labelledby="${id}">
    <h2 id="${id}">${title}</h2>
    ${content}
  </section>`;
}

/** A checkbox sending `true` when ticked, with its help below. */
export function checkboxField(field: {
  name: string;
  label: string;
  help: string;
  helpId: string;
  checked: boolean;
}): Html {
  return html`<div class="field"><label class="choice"><input type="checkbox" name="${field.name}" value="true"
          aria-describedby="${field.helpId}"${when(field.checked, ' checked')}> ${field.label}</label>
        <p class="help" id="${field.helpId}">${field.help}</p></div>`;
}
