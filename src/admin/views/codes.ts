import { CODE_STATUSES, type CodeFilter, type CodeRow } from '../../app/reports/codes-list.ts';
import type { Page } from '../../app/reports/paging.ts';
import { type Html, html, when } from '../html.ts';
import type { Format } from '../i18n/index.ts';
import { codeDownloadLink } from './exports.ts';
import { type PageFrame, page } from './layout.ts';
import { codeStatusBadge, memberHref } from './members.ts';
import { pager } from './pager.ts';
import { filterForm, tableOrNone } from './panels.ts';

export function codesPage(
  frame: PageFrame,
  fmt: Format,
  list: Page<CodeRow> & { totalValueCents: number },
  filter: CodeFilter,
  months: string[],
): Html {
  const { t } = frame;
  const params: Record<string, string> = {};
  if (filter.status) params.status = filter.status;
  if (filter.month) params.month = filter.month;
  return page(frame, {
    title: t.codes.title,
    active: 'codes',
    head: {
      aside: html`<span class="muted" id="codes-count">${t.codes.count(fmt.number(list.total), fmt.euros(list.totalValueCents))}</span>
      ${codeDownloadLink(t)}`,
    },
    body: html`<section class="panel">
      <p class="muted">${t.codes.intro}</p>
      ${filterForm(
        '/admin/codes',
        html`<div class="field"><label for="status">${t.codes.status}</label>
          <select id="status" name="status">
            <option value="">${t.codes.any}</option>
            ${CODE_STATUSES.map((s) => html`<option value="${s}"${when(filter.status === s, ' selected')}>${t.codes.statuses[s]}</option>`)}
          </select></div>
        <div class="field"><label for="month">${t.codes.month}</label>
          <select id="month" name="month">
            <option value="">${t.codes.any}</option>
            ${months.map((m) => html`<option value="${m}"${when(filter.month === m, ' selected')}>${fmt.month(m)}</option>`)}
          </select></div>`,
        t.codes.filter,
      )}
      ${tableOrNone(
        list.rows,
        { id: 'codes', className: 'data stack', none: html`<p>${t.codes.none}</p>` },
        html`
        <thead><tr><th scope="col">${t.codes.code}</th><th scope="col">${t.codes.owner}</th><th scope="col" class="num">${t.codes.value}</th>
          <th scope="col" class="num">${t.codes.points}</th><th scope="col">${t.codes.issued}</th><th scope="col">${t.codes.validUntil}</th>
          <th scope="col">${t.codes.status}</th><th scope="col">${t.codes.usedOn}</th></tr></thead>
        <tbody>${list.rows.map(
          (c) => html`<tr><td class="code" data-label="${t.codes.code}">${c.code}</td>
            <td data-label="${t.codes.owner}"><a href="${memberHref(c.customerId)}">${c.ownerName || c.ownerEmail || c.customerId}</a></td>
            <td class="num" data-label="${t.codes.value}">${fmt.euros(c.valueCents)}</td><td class="num" data-label="${t.codes.points}">${fmt.number(c.points)}</td>
            <td data-label="${t.codes.issued}">${fmt.date(c.issuedAt)}</td><td data-label="${t.codes.validUntil}">${fmt.dateTime(c.validUntil)}</td>
            <td data-label="${t.codes.status}">${codeStatusBadge(t, c.status)}</td><td data-label="${t.codes.usedOn}">${c.usedOrderId ?? ''}</td></tr>`,
        )}</tbody>`,
      )}
      ${pager(t, fmt, list, '/admin/codes', params)}
    </section>`,
  });
}
