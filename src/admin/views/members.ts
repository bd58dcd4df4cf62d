import type { MarketingConsent } from '../../app/consent/marketing-consent.ts';
import type { CodeView, LedgerLine, MemberView } from '../../app/members/member-view.ts';
import type { MemberRow } from '../../app/reports/members-list.ts';
import type { Page } from '../../app/reports/paging.ts';
import { type Html, html } from '../html.ts';
import type { Format, Messages } from '../i18n/index.ts';
import { memberDownloadLinks } from './exports.ts';
import { csrfField, type Flash, type PageFrame, page } from './layout.ts';
import { memberConsent } from './member-consent.ts';
import { memberDataActions } from './member-data.ts';
import { pager } from './pager.ts';

export const memberHref = (customerId: string) => `/admin/members/${encodeURIComponent(customerId)}`;

export function membersPage(frame: PageFrame, fmt: Format, list: Page<MemberRow>, query: string): Html {
  const { t } = frame;
  return page(frame, {
    title: t.members.title,
    active: 'members',
    head: {
      aside: html`<span class="muted">${t.members.count(fmt.number(list.total))}</span>
      ${memberDownloadLinks(t)}`,
    },
    body: html`<section class="panel">
      <form method="get" action="/admin/members" class="filters" role="search">
        <div class="field"><label for="q">${t.members.search}</label>
          <div class="inline-inputs"><input type="search" id="q" name="q" value="${query}" aria-describedby="q-help">
          <button type="submit" class="button">${t.members.searchButton}</button></div>
          <p class="help" id="q-help">${t.members.searchHelp}</p></div>
      </form>
      ${
        list.rows.length === 0
          ? html`<p>${t.members.none}</p>`
          : html`<div class="table-wrap"><table class="data stack" id="members">
        <thead><tr><th scope="col" class="num">${t.members.number}</th><th scope="col">${t.members.name}</th>
          <th scope="col">${t.members.email}</th><th scope="col">${t.members.joined}</th><th scope="col" class="num">${t.members.balance}</th></tr></thead>
        <tbody>${list.rows.map(
          (m) => html`<tr><td class="num" data-label="${t.members.number}">${m.memberNumber}</td>
            <td data-label="${t.members.name}"><a href="${memberHref(m.customerId)}">${m.name || m.customerId}</a></td>
            <td data-label="${t.members.email}">${m.email ?? ''}</td><td data-label="${t.members.joined}">${fmt.date(m.joinedAt)}</td>
            <td class="num${m.balance < 0 ? ' negative' : ''}" data-label="${t.members.balance}">${fmt.number(m.balance)}</td></tr>`,
        )}</tbody></table></div>`
      }
      ${pager(t, fmt, list, '/admin/members', query ? { q: query } : {})}
    </section>`,
  });
}

export interface AdjustForm {
  points: string;
  reason: string;
  errors: { points?: string; reason?: string };
}

function codeStatus(t: Messages, status: CodeView['status']): Html {
  const kind = status === 'active' || status === 'restored' ? 'ok' : status === 'expired' ? 'muted' : '';
  return html`<span class="badge ${kind}">${t.codes.statuses[status]}</span>`;
}

export function codeStatusBadge(t: Messages, status: CodeView['status']): Html {
  return codeStatus(t, status);
}

export interface MemberPageView {
  member: MemberView;
  ledger: { entries: LedgerLine[]; nextBefore: number | null };
  codes: CodeView[];
  consent: MarketingConsent;
  adjust: AdjustForm;
  flash?: Flash | null;
}

export function memberPage(frame: PageFrame, fmt: Format, view: MemberPageView): Html {
  const { t } = frame;
  const m = view.member;
  const name = m.name || m.email || m.customerId;
  const a = view.adjust;
  const id = encodeURIComponent(m.customerId);
  return page(frame, {
    title: t.member.title(name),
    active: 'members',
    flash: view.flash,
    head: { aside: html`<a class="button secondary" href="/admin/members">${t.members.title}</a>` },
    body: html`<div class="grid-2">
      <section class="panel" aria-labelledby="customer-title">
        <h2 id="customer-title">${t.member.customer}</h2>
        <dl class="summary-list">
          <dt>${t.member.customerId}</dt><dd>${m.customerId}</dd>
          <dt>${t.members.email}</dt><dd>${m.email ?? '–'}</dd>
          <dt>${t.member.phone}</dt><dd>${m.phone ?? '–'}</dd>
          <dt>${t.member.registered}</dt><dd>${fmt.date(m.registeredAt)}</dd>
          <dt>${t.member.membership}</dt><dd>${
            !m.member
              ? t.member.notMember
              : html`${t.members.number} ${m.member.memberNumber} · ${t.member.joinedVia(fmt.date(m.member.joinedAt), t.member.sources[m.member.joinSource as keyof Messages['member']['sources']] ?? m.member.joinSource)}
                ${m.member.leftAt ? html` · ${t.member.left(fmt.date(m.member.leftAt))}` : ''}`
          }</dd>
          ${memberConsent(frame, fmt, view.consent, m.customerId)}
          <dt>${t.member.balance}</dt><dd><strong id="balance" class="${m.balance < 0 ? 'negative' : ''}">${t.pointsUnit(fmt.number(m.balance))}</strong></dd>
        </dl>
        ${memberDataActions(frame, m.customerId)}
      </section>
      <section class="panel" aria-labelledby="adjust-title">
        <h2 id="adjust-title">${t.member.adjust}</h2>
        <p class="help" id="adjust-help">${t.member.adjustHelp}</p>
        <form method="post" action="/admin/members/${id}/adjust" novalidate>
          ${csrfField(frame)}
          <div class="field"><label for="adjust-points">${t.member.adjustPoints}</label>
            <input type="text" class="short" inputmode="numeric" id="adjust-points" name="points" value="${a.points}" required
              aria-describedby="adjust-help err-points"${a.errors.points ? html` aria-invalid="true"` : ''}>
            <p class="field-error" id="err-points">${a.errors.points ?? ''}</p></div>
          <div class="field"><label for="adjust-reason">${t.member.adjustReason}</label>
            <textarea id="adjust-reason" name="reason" rows="3" required aria-describedby="err-reason"${a.errors.reason ? html` aria-invalid="true"` : ''}>${a.reason}</textarea>
            <p class="field-error" id="err-reason">${a.errors.reason ?? ''}</p></div>
          <button type="submit" class="button">${t.member.adjustSubmit}</button>
        </form>
      </section>
    </div>
    ${memberCodes(t, fmt, view.codes)}
    ${memberLedger(t, fmt, view.ledger, id)}`,
  });
}

/** The member's codes; on a phone one card each, the code on one line. */
function memberCodes(t: Messages, fmt: Format, codes: CodeView[]): Html {
  return html`<section class="panel" aria-labelledby="codes-title">
      <h2 id="codes-title">${t.member.codes}</h2>
      ${
        codes.length === 0
          ? html`<p class="muted">${t.member.codesEmpty}</p>`
          : html`<div class="table-wrap"><table class="data stack" id="member-codes">
        <thead><tr><th scope="col">${t.codes.code}</th><th scope="col" class="num">${t.codes.value}</th><th scope="col" class="num">${t.codes.points}</th>
          <th scope="col">${t.codes.issued}</th><th scope="col">${t.codes.validUntil}</th><th scope="col">${t.codes.status}</th><th scope="col">${t.codes.usedOn}</th></tr></thead>
        <tbody>${codes.map(
          (c) => html`<tr><td class="code" data-label="${t.codes.code}">${c.code}</td>
            <td class="num" data-label="${t.codes.value}">${fmt.euros(c.valueCents)}</td><td class="num" data-label="${t.codes.points}">${fmt.number(c.points)}</td>
            <td data-label="${t.codes.issued}">${fmt.date(c.issuedAt)}</td><td data-label="${t.codes.validUntil}">${fmt.dateTime(c.validUntil)}</td>
            <td data-label="${t.codes.status}">${codeStatus(t, c.status)}</td><td data-label="${t.codes.usedOn}">${c.usedOrderId ?? ''}</td></tr>`,
        )}</tbody></table></div>`
      }
    </section>`;
}

/** A page of the member's ledger; on a phone one card per entry, reason and author included. */
function memberLedger(t: Messages, fmt: Format, ledger: MemberPageView['ledger'], id: string): Html {
  return html`<section class="panel" aria-labelledby="ledger-title">
      <h2 id="ledger-title">${t.member.ledger}</h2>
      ${
        ledger.entries.length === 0
          ? html`<p class="muted">${t.member.ledgerEmpty}</p>`
          : html`<div class="table-wrap"><table class="data stack" id="ledger">
        <thead><tr><th scope="col">${t.member.when}</th><th scope="col">${t.member.event}</th><th scope="col" class="num">${t.member.points}</th>
          <th scope="col">${t.member.reference}</th><th scope="col">${t.member.reason}</th><th scope="col">${t.member.author}</th></tr></thead>
        <tbody>${ledger.entries.map(
          (
            e,
          ) => html`<tr><td data-label="${t.member.when}">${fmt.dateTime(e.createdAt)}</td><td data-label="${t.member.event}">${t.member.kinds[e.kind]}</td>
            <td class="num ${e.points < 0 ? 'negative' : 'positive'}" data-label="${t.member.points}">${e.points > 0 ? '+' : ''}${fmt.number(e.points)}</td>
            <td data-label="${t.member.reference}">${e.refType === 'adjustment' ? '' : e.refId}</td><td data-label="${t.member.reason}">${e.reason ?? ''}</td><td data-label="${t.member.author}">${e.author ?? ''}</td></tr>`,
        )}</tbody></table></div>
        ${ledger.nextBefore ? html`<p><a href="/admin/members/${id}?before=${ledger.nextBefore}">${t.member.olderEntries} →</a></p>` : ''}`
      }
    </section>`;
}
