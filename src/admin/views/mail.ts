import type { MailStatus, OutboxEntry } from '../../app/mail/outbox.ts';
import type { MailMessageView } from '../../app/reports/mail-message.ts';
import { type Html, html, when } from '../html.ts';
import type { Format, Messages } from '../i18n/index.ts';
import { type PageFrame, page } from './layout.ts';
import { memberHref } from './members.ts';
import { filterForm, tableOrNone } from './panels.ts';

const STATUSES: MailStatus[] = ['pending', 'sending', 'sent', 'kept', 'failed', 'unknown'];

export const mailHref = (key: string) => `/admin/mail/${encodeURIComponent(key)}`;

/** The month a message is about, from its key 'monthly:YYYY-MM:customer'. */
function periodOf(key: string): string | null {
  const match = /^monthly:(\d{4}-\d{2}):/.exec(key);
  return match ? match[1]! : null;
}

function statusBadge(t: Messages, status: MailStatus): Html {
  const kind =
    status === 'sent' || status === 'kept'
      ? 'ok'
      : status === 'failed' || status === 'unknown'
        ? 'danger'
        : 'draft';
  return html`<span class="badge ${kind}">${t.mail.statuses[status]}</span>`;
}

export interface MailListView {
  entries: OutboxEntry[];
  nextBefore: string | null;
  counts: Record<MailStatus, number>;
  status: MailStatus | undefined;
}

export function mailListPage(frame: PageFrame, fmt: Format, view: MailListView): Html {
  const { t } = frame;
  const total = Object.values(view.counts).reduce((a, b) => a + b, 0);
  return page(frame, {
    title: t.mail.title,
    active: 'mail',
    head: {},
    body: html`<section class="panel">
      <p class="muted">${t.mail.intro}</p>
      ${total === 0 ? html`<p>${t.mail.unavailable}</p>` : html`${statusFilter(t, fmt, view, total)}${mailList(t, fmt, view)}`}
    </section>`,
  });
}

/** The status to list, each with its count; a status with no messages is left out unless chosen. */
function statusFilter(t: Messages, fmt: Format, view: MailListView, total: number): Html {
  const shown = STATUSES.filter((s) => view.counts[s] > 0 || s === view.status);
  return filterForm(
    '/admin/mail',
    html`<div class="field"><label for="mail-status">${t.mail.status}</label>
          <select id="mail-status" name="status">
            <option value="">${t.mail.all} (${fmt.number(total)})</option>
            ${shown.map(
              (s) =>
                html`<option value="${s}"${when(s === view.status, ' selected')}>${t.mail.statuses[s]} (${fmt.number(view.counts[s])})</option>`,
            )}
          </select></div>`,
    t.mail.filter,
  );
}

/** The messages of this page, newest first, with a link to the older ones. */
function mailList(t: Messages, fmt: Format, view: MailListView): Html {
  const older =
    view.entries.length > 0 && view.nextBefore
      ? new URLSearchParams({ before: view.nextBefore, ...(view.status ? { status: view.status } : {}) })
      : null;
  return html`${tableOrNone(
    view.entries,
    { id: 'mail', none: html`<p>${t.mail.none}</p>` },
    html`
          <thead><tr><th scope="col">${t.mail.period}</th><th scope="col">${t.mail.recipient}</th><th scope="col">${t.mail.status}</th>
            <th scope="col">${t.mail.created}</th><th scope="col">${t.mail.sent}</th><th scope="col"></th></tr></thead>
          <tbody>${view.entries.map((m) => mailRow(t, fmt, m))}</tbody>`,
  )}
          ${older ? html`<p><a href="/admin/mail?${older.toString()}">${t.mail.older} →</a></p>` : ''}`;
}

function mailRow(t: Messages, fmt: Format, m: OutboxEntry): Html {
  const period = periodOf(m.messageKey);
  return html`<tr><td>${period ? fmt.month(period) : ''}</td>
              <td>${m.customerId ? html`<a href="${memberHref(m.customerId)}">${m.recipient}</a>` : m.recipient}</td>
              <td>${statusBadge(t, m.status)}${m.lastError ? html`<br><span class="small muted">${m.lastError}</span>` : ''}</td>
              <td>${fmt.dateTime(m.createdAt)}</td><td>${m.sentAt ? fmt.dateTime(m.sentAt) : '–'}</td>
              <td><a href="${mailHref(m.messageKey)}">${t.mail.view}</a></td></tr>`;
}

export function mailMessagePage(frame: PageFrame, fmt: Format, m: MailMessageView): Html {
  const { t } = frame;
  const href = mailHref(m.messageKey);
  return page(frame, {
    title: m.rendered?.subject ?? t.mail.title,
    active: 'mail',
    head: { aside: html`<a class="button secondary" href="/admin/mail">${t.mail.back}</a>` },
    body: html`<section class="panel">
      <dl class="summary-list">
        <dt>${t.mail.to}</dt><dd>${m.customerId ? html`<a href="${memberHref(m.customerId)}">${m.recipient}</a>` : m.recipient}</dd>
        <dt>${t.mail.period}</dt><dd>${m.period ? fmt.month(m.period) : '–'}</dd>
        <dt>${t.mail.status}</dt><dd>${statusBadge(t, m.status)}</dd>
        <dt>${t.mail.created}</dt><dd>${fmt.dateTime(m.createdAt)}</dd>
        <dt>${t.mail.sent}</dt><dd>${m.sentAt ? fmt.dateTime(m.sentAt) : '–'}</dd>
        ${m.lastError ? html`<dt>${t.mail.error}</dt><dd>${m.lastError}</dd>` : ''}
      </dl>
      ${m.keptPath ? html`<p class="spaced"><a class="button small secondary" href="${href}/eml" download>${t.mail.download}</a></p>` : ''}
    </section>
    ${
      m.rendered
        ? html`<section class="panel"><h2>${t.mail.html}</h2>
        <iframe class="mail-frame" src="${href}/html" title="${m.rendered.subject}" sandbox></iframe></section>
        <section class="panel"><h2>${t.mail.plain}</h2><pre class="plain">${m.rendered.text}</pre></section>`
        : html`<section class="panel"><p>${t.mail.notRendered}</p></section>`
    }`,
  });
}
