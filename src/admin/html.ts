import { escapeHtml } from '../app/html/escape-html.ts';
/**
 * Server-side HTML with escaping by default: `html\`<p>${name}</p>\`` escapes every
 * interpolated value unless it is already `SafeHtml` (another template's output). Merchant and
 * shopper text therefore cannot inject markup anywhere a page puts it.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Html = SafeHtml;
type Part = SafeHtml | string | number | boolean | null | undefined | readonly Part[];

export { escapeHtml };

function render(part: Part): string {
  if (part instanceof SafeHtml) return part.value;
  if (part === null || part === undefined || part === false) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Markup the code itself wrote (never user input). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Data for the page's script, in a JSON script element: '<' is escaped so no text can end the element. */
export function jsonScript(id: string, data: unknown): SafeHtml {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return new SafeHtml(`<script type="application/json" id="${escapeHtml(id)}">${json}</script>`);
}

/** `attr` values for boolean attributes: `<input ${when(x, 'checked')}>`. */
export function when(condition: boolean, markup: string): SafeHtml {
  return new SafeHtml(condition ? markup : '');
}
