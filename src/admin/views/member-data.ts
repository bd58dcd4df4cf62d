import type { Erasure } from '../../app/members/erase-customer.ts';
import type { MemberView } from '../../app/members/member-view.ts';
import { type Html, html } from '../html.ts';
import type { Format } from '../i18n/index.ts';
import { confirmPage } from './confirm-page.ts';
import { type Flash, type PageFrame, page } from './layout.ts';

const memberPath = (customerId: string) => `/admin/members/${encodeURIComponent(customerId)}`;

export const personalDataHref = (customerId: string) => `${memberPath(customerId)}/personal-data`;
export const eraseHref = (customerId: string) => `${memberPath(customerId)}/erase`;

/** The customer's data buttons on their page: download everything, or erase (asks first). */
export function memberDataActions(frame: PageFrame, customerId: string): Html {
  const t = frame.t.memberData;
  return html`<div class="form-actions" id="member-data">
      <a class="button secondary" href="${personalDataHref(customerId)}" download title="${t.downloadHelp}">${t.download}</a>
      <a class="button danger" href="${eraseHref(customerId)}">${t.erase}</a>
    </div>`;
}

export interface ErasePageView {
  member: MemberView;
  erasure: Erasure | null;
  flash?: Flash | null;
}

/** Erasing a customer: what will happen and a confirmation, or the erasure already done. */
export function erasePage(frame: PageFrame, fmt: Format, view: ErasePageView): Html {
  const t = frame.t.memberData;
  const m = view.member;
  const back = html`<a class="button secondary" href="${memberPath(m.customerId)}">${t.back}</a>`;
  if (view.erasure) {
    const e = view.erasure;
    return page(frame, {
      title: t.erasedTitle,
      active: 'members',
      flash: view.flash,
      body: html`<section class="panel narrow" aria-labelledby="erased-title">
        <h1 id="erased-title">${t.erasedTitle}</h1>
        <p id="erased-on">${t.erasedOn(fmt.dateTime(e.erasedAt), t.erasedBy[e.erasedBy.kind](e.erasedBy.name))}</p>
        <p>${t.erasedCounts(fmt.number(e.codesVoided), fmt.number(e.messagesCancelled), fmt.number(e.reasonsErased))}</p>
        <p>${back}</p>
      </section>`,
    });
  }
  const name = m.name || m.email || m.customerId;
  return confirmPage(frame, {
    title: t.eraseTitle(name),
    active: 'members',
    text: t.eraseIntro,
    details: html`<ul id="erase-what">${t.eraseWhat.map((line) => html`<li>${line}</li>`)}</ul>`,
    action: eraseHref(m.customerId),
    confirm: { label: t.eraseConfirm, className: 'button danger' },
    back: { href: memberPath(m.customerId), label: t.cancel },
  });
}
