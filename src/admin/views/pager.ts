import type { Page } from '../../app/reports/paging.ts';
import { type Html, html } from '../html.ts';
import type { Format, Messages } from '../i18n/index.ts';

/** Previous / next links keeping the list's filters. */
export function pager(
  t: Messages,
  fmt: Format,
  list: Page<unknown>,
  path: string,
  params: Record<string, string>,
): Html {
  if (list.pages <= 1) return html``;
  const link = (p: number) => `${path}?${new URLSearchParams({ ...params, page: String(p) }).toString()}`;
  return html`<nav class="pager" aria-label="${t.members.pagination}">
    ${list.page > 1 ? html`<a class="button small secondary" rel="prev" href="${link(list.page - 1)}">← ${t.members.previous}</a>` : ''}
    <span>${t.members.page(fmt.number(list.page), fmt.number(list.pages))}</span>
    ${list.page < list.pages ? html`<a class="button small secondary" rel="next" href="${link(list.page + 1)}">${t.members.next} →</a>` : ''}
  </nav>`;
}
