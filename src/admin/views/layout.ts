import type { AdminSession } from '../../app/admin-users/sessions.ts';
import { ASSET_URLS } from '../asset-urls.ts';
import { type Html, html, when } from '../html.ts';
import type { Lang, Messages } from '../i18n/index.ts';

export type NavKey =
  | 'program'
  | 'settings'
  | 'storeVersions'
  | 'members'
  | 'codes'
  | 'orders'
  | 'liability'
  | 'segments'
  | 'campaigns'
  | 'mail'
  | 'mailSettings'
  | 'apiKeys'
  | 'webhooks'
  | 'billing'
  | 'import'
  | 'users'
  | 'pos';

/** What every page of a request shares: texts, language, the signed-in user. */
export interface PageFrame {
  t: Messages;
  lang: Lang;
  session: AdminSession | null;
}

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

export interface PageOptions {
  title: string;
  body: Html;
  active?: NavKey;
  flash?: Flash | null | undefined;
  /** Load chart.js too (the admin script is on every page). */
  charts?: boolean;
  /** Load the till's script too (the point-of-sale screen). */
  pos?: boolean;
  /**
   * The heading row above the body: the page's title as its h1 (or `title` here), with links or
   * counts beside it (`aside`) and a line of help under it (`intro`).
   */
  head?: { title?: string; aside?: Html; intro?: string };
}

function pageHead(options: PageOptions): Html | '' {
  const head = options.head;
  if (!head) return '';
  return html`<div class="page-head"><h1>${head.title ?? options.title}</h1>${head.aside ?? ''}</div>
    ${head.intro === undefined ? '' : html`<p class="help">${head.intro}</p>`}`;
}

export function csrfField(frame: PageFrame): Html {
  return html`<input type="hidden" name="_csrf" value="${frame.session?.csrfToken ?? ''}">`;
}

function nav(frame: PageFrame, active: NavKey | undefined): Html {
  const { t } = frame;
  const items: [NavKey, string, string][] = [
    ['program', '/admin/program', t.nav.program],
    ['settings', '/admin/program/settings', t.nav.settings],
    ['storeVersions', '/admin/store-versions', t.nav.storeVersions],
    ['members', '/admin/members', t.nav.members],
    ['segments', '/admin/segments', t.nav.segments],
    ['campaigns', '/admin/campaigns', t.nav.campaigns],
    ['codes', '/admin/codes', t.nav.codes],
    ['orders', '/admin/orders', t.nav.orders],
    ['liability', '/admin/liability', t.nav.liability],
    ['mail', '/admin/mail', t.nav.mail],
    ['mailSettings', '/admin/mail-settings', t.nav.mailSettings],
    ['apiKeys', '/admin/api-keys', t.nav.apiKeys],
    ['webhooks', '/admin/webhooks', t.nav.webhooks],
    ['billing', '/admin/billing', t.nav.billing],
    ['import', '/admin/import', t.nav.import],
    ['users', '/admin/users', t.nav.users],
    ['pos', '/admin/pos', t.nav.pos],
  ];
  // A cashier's account opens only the till (src/admin/auth.ts); the others are not offered.
  const shown = frame.session?.user.role === 'cashier' ? items.filter(([key]) => key === 'pos') : items;
  return html`<nav class="nav" aria-label="${t.nav.label}"><ul>
    ${shown.map(
      ([key, href, label]) =>
        html`<li><a href="${href}"${when(key === active, ' aria-current="page"')}>${label}</a></li>`,
    )}
  </ul></nav>`;
}

function account(frame: PageFrame): Html {
  const { t, session } = frame;
  if (!session) return html``;
  const choice = session.user.language ?? '';
  return html`<div class="account">
    <span class="who">${t.account.signedInAs(session.user.email)}</span>
    <form method="post" action="/admin/language" class="inline-form">
      ${csrfField(frame)}
      <label for="ui-language" class="visually-hidden">${t.account.language}</label>
      <select id="ui-language" name="language" data-autosubmit>
        <option value=""${when(choice === '', ' selected')}>${t.account.languageAuto}</option>
        <option value="fi" lang="fi"${when(choice === 'fi', ' selected')}>Suomi</option>
        <option value="en" lang="en"${when(choice === 'en', ' selected')}>English</option>
      </select>
      <button type="submit" class="button small secondary js-hide">${t.account.save}</button>
    </form>
    <form method="post" action="/admin/logout" class="inline-form">
      ${csrfField(frame)}
      <button type="submit" class="button small secondary">${t.account.signOut}</button>
    </form>
  </div>`;
}

export function page(frame: PageFrame, options: PageOptions): Html {
  const { t, session } = frame;
  return html`<!doctype html>
<html lang="${frame.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${t.appName}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSET_URLS.css}">
${options.charts === true ? html`<script defer src="${ASSET_URLS.chart}"></script>` : ''}
<script defer src="${ASSET_URLS.script}"></script>
${options.pos === true ? html`<script defer src="${ASSET_URLS.pos}"></script>` : ''}
</head>
<body>
<a class="skip-link" href="#main">${t.skipToContent}</a>
<header class="topbar">
  <div class="brand"><span class="logo" aria-hidden="true">★</span> ${t.appName}${session ? html` <span class="shop">· ${session.shopName}</span>` : ''}</div>
  ${account(frame)}
</header>
${session ? nav(frame, options.active) : ''}
<main id="main" tabindex="-1">
${session?.shopSuspended ? html`<p class="flash error" role="alert">${t.account.suspended}${session.shopSuspended.reason ? ` (${session.shopSuspended.reason})` : ''}</p>` : ''}
${options.flash ? html`<p class="flash ${options.flash.kind}" role="${options.flash.kind === 'error' ? 'alert' : 'status'}">${options.flash.text}</p>` : ''}
${pageHead(options)}${options.body}
</main>
</body>
</html>`;
}

/** A page that explains why the request was refused, with a way on. */
export function messagePage(
  frame: PageFrame,
  title: string,
  text: string,
  link?: { href: string; label: string },
): Html {
  return page(frame, {
    title,
    body: html`<section class="panel narrow"><h1>${title}</h1><p>${text}</p>
      ${link ? html`<p><a class="button" href="${link.href}">${link.label}</a></p>` : ''}</section>`,
  });
}
