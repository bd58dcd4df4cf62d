import type { Program } from '../../app/program/load-program.ts';
import type { Dashboard } from '../../app/reports/dashboard.ts';
import type { StoreVersionView } from '../../app/store-versions/list-store-versions.ts';
import { type Html, html, jsonScript, when } from '../html.ts';
import type { Format, Messages } from '../i18n/index.ts';
import { bucketLabels } from './chart-labels.ts';
import { confirmPage } from './confirm-page.ts';
import { type QuickRange, rangeForm } from './estimate.ts';
import { csrfField, type Flash, type PageFrame, page } from './layout.ts';

/** What the getting-started checklist knows of the shop: each step is ticked when done. */
export interface Checklist {
  versions: boolean;
  apiKey: boolean;
  /** A key has been used: the storefront talks to the service. */
  integrated: boolean;
  /** The settings were saved with a store version selected. */
  settings: boolean;
  /** A file of orders was imported: the estimate has the shop's own history. */
  history: boolean;
  published: boolean;
}

/** The integration guide: the API reference this service serves (docs/api.md explains the flows). */
const GUIDE_URL = '/docs';
const ORDERS_GUIDE_URL = '/docs#tag/orders';

function step(frame: PageFrame, key: string, done: boolean, link: Html, help: string): Html {
  const { t } = frame;
  return html`<li class="step${done ? ' done' : ''}" data-step="${key}">
    <span class="tick" aria-hidden="true">${done ? '✓' : ''}</span>
    <div><span class="visually-hidden">${done ? t.program.stepDone : t.program.stepTodo}: </span>${link}
      <p class="help">${help}</p></div></li>`;
}

/** The steps from a new shop to a running program, with links; shown until the program runs. */
export function checklistSection(frame: PageFrame, c: Checklist, hasProgram: boolean): Html {
  const p = frame.t.program;
  const link = (href: string, text: string) => html`<a href="${href}">${text}</a>`;
  return html`<section class="panel checklist" id="checklist" aria-labelledby="checklist-title">
    <h2 id="checklist-title">${p.checklist}</h2>
    <p class="help">${p.checklistIntro}</p>
    <ol class="steps">
      ${step(frame, 'versions', c.versions, link('/admin/store-versions', p.stepVersions), p.stepVersionsHelp)}
      ${step(frame, 'api-key', c.apiKey, link('/admin/api-keys', p.stepApiKey), p.stepApiKeyHelp)}
      ${step(frame, 'integration', c.integrated, html`${p.stepIntegration}: ${link(GUIDE_URL, p.stepIntegrationLink)}`, p.stepIntegrationHelp)}
      ${step(frame, 'history', c.history, html`${link('/admin/import', p.stepHistory)} (${link(ORDERS_GUIDE_URL, p.stepHistoryLink)})`, p.stepHistoryHelp)}
      ${step(frame, 'settings', c.settings, hasProgram ? link('/admin/program/settings', p.stepSettings) : html`${p.stepSettings}`, p.stepSettingsHelp)}
      ${step(frame, 'publish', c.published, hasProgram && !c.published ? link('#start-title', p.stepPublish) : html`${p.stepPublish}`, p.stepPublishHelp)}
    </ol>
  </section>`;
}

export function noProgramPage(frame: PageFrame, flash?: Flash | null, checklist?: Checklist): Html {
  const { t } = frame;
  return page(frame, {
    title: t.program.title,
    active: 'program',
    flash,
    body: html`<section class="panel narrow">
      <h1>${t.program.title}</h1>
      <p>${t.program.noneYet}</p>
      <form method="post" action="/admin/program/create">${csrfField(frame)}
        <button type="submit" class="button large">${t.program.create}</button></form>
    </section>
    ${checklist ? checklistSection(frame, checklist, false) : ''}`,
  });
}

/** The step that asks before the program starts, saying that billing starts now: works without a script. */
export function confirmStartPage(frame: PageFrame): Html {
  const p = frame.t.program;
  return confirmPage(frame, {
    title: p.confirmStartTitle,
    active: 'program',
    text: html`<strong>${p.confirmStartText}</strong>`,
    action: '/admin/program/publish',
    confirm: { label: p.confirmStart, className: 'button large', id: 'confirm-start' },
    back: { href: '/admin/program', label: p.cancel },
  });
}

function summary(frame: PageFrame, fmt: Format, program: Program, versions: StoreVersionView[]): Html {
  const { t } = frame;
  const s = program.settings;
  return html`<section class="panel" aria-labelledby="summary-title">
    <h2 id="summary-title">${t.program.summary}</h2>
    <dl class="summary-list">
      <dt>${t.program.name}</dt><dd data-summary="name">${s.name}</dd>
      <dt>${t.program.versions}</dt><dd>
        <ul class="versions-list">
          ${versions.map((v) => {
            const selected = s.storeVersionIds.includes(v.id);
            return html`<li data-version="${v.id}"><span>${v.name} <span class="muted small">(${v.id})</span>
              ${
                v.requiresLogin
                  ? html`<span class="badge muted">${t.program.requiresLogin}</span>`
                  : selected
                    ? html`<span class="badge ok">${t.program.shown}</span>`
                    : html`<span class="badge muted">${t.program.hidden}</span>`
              }</span>
              ${
                v.requiresLogin
                  ? ''
                  : html`<form method="post" action="/admin/program/versions/${encodeURIComponent(v.id)}" class="inline-form">
                  ${csrfField(frame)}<input type="hidden" name="visible" value="${selected ? 'false' : 'true'}">
                  <button type="submit" class="button small secondary">${selected ? t.program.hide : t.program.show}</button></form>`
              }</li>`;
          })}
        </ul></dd>
      <dt>${t.program.purchases}</dt><dd>${t.ratioLabel(fmt.euros(s.purchaseRatioCents))}</dd>
      <dt>${t.program.joining}</dt><dd>${t.pointsUnit(fmt.number(s.joinPoints))}</dd>
      <dt>${t.program.reviews}</dt><dd>${t.pointsUnit(fmt.number(s.reviewPoints))}</dd>
      <dt>${t.program.tiers}</dt><dd>${s.tiers.map((tier, i) => html`${i ? ', ' : ''}${t.tierLabel(fmt.number(tier.points), fmt.euros(tier.valueCents))}`)}</dd>
      <dt>${t.program.validity}</dt><dd>${t.monthsUnit(s.codeValidityMonths)}</dd>
    </dl>
  </section>`;
}

function startBox(frame: PageFrame, program: Program): Html {
  const { t } = frame;
  const ready = program.settings.storeVersionIds.length > 0;
  return html`<section class="panel start-box" aria-labelledby="start-title">
    <h2 id="start-title">${t.program.start}</h2>
    <p id="start-info">${t.program.startInfo}</p>
    ${ready ? '' : html`<p class="reason" id="start-reason">${t.program.startNeedsVersion}</p>`}
    <form method="post" action="/admin/program/publish">${csrfField(frame)}
      <button type="submit" class="button large" id="start-program"${when(!ready, ' disabled aria-describedby="start-reason"')}>${t.program.start}</button>
    </form>
  </section>`;
}

export interface DashboardView {
  dashboard: Dashboard;
  quick: QuickRange[];
}

export function dashboardCharts(dashboard: Dashboard, fmt: Format) {
  const s = dashboard.series;
  return {
    labels: bucketLabels(dashboard.buckets, dashboard.granularity, fmt),
    issued: s.issuedCents.map((c) => c / 100),
    redeemed: s.redeemedCents.map((c) => c / 100),
    newMembers: s.newMembers,
    memberOrderValue: s.memberOrderCents.map((c) => c / 100),
    memberShare: s.allOrders.map((n, i) => (n ? Math.round((s.memberOrders[i]! / n) * 1000) / 10 : null)),
    repeat: [dashboard.repeat.members.rate, dashboard.repeat.others.rate].map((r) =>
      r === null ? null : Math.round(r * 1000) / 10,
    ),
  };
}

/** The figures above the charts; sent again by the live update. */
export function dashboardFiguresHtml(t: Messages, fmt: Format, d: Dashboard): Html {
  const x = d.totals;
  const figure = (key: string, label: string, value: string, sub = '') =>
    html`<div class="figure" data-figure="${key}"><div class="label">${label}</div><div class="value">${value}</div>${sub ? html`<div class="sub">${sub}</div>` : ''}</div>`;
  return html`${figure('issued', t.dashboard.issued, fmt.euros(x.issuedCents), t.codes.count(fmt.number(x.issuedCodes), fmt.euros(x.issuedCents)))}
    ${figure('redeemed', t.dashboard.redeemed, fmt.euros(x.redeemedCents), t.codes.count(fmt.number(x.redeemedCodes), fmt.euros(x.redeemedCents)))}
    ${figure('new-members', t.dashboard.newMembers, fmt.number(x.newMembers))}
    ${figure('member-value', t.dashboard.memberOrderValue, fmt.euros(x.memberOrderCents), t.dashboard.ofOrders(fmt.percent(x.memberValueShare)))}
    ${figure('member-share', t.dashboard.memberShare, fmt.percent(x.memberOrderShare), `${fmt.number(x.memberOrders)} / ${fmt.number(x.allOrders)}`)}
    ${figure('repeat', `${t.dashboard.repeatRate}: ${t.dashboard.members}`, fmt.percent(d.repeat.members.rate), `${t.dashboard.others}: ${fmt.percent(d.repeat.others.rate)}`)}`;
}

/**
 * The dashboard of the program page. It depends only on the language, the shop's zone, the
 * figures and today's quick ranges (never on the user or the session), so every open page of the
 * same shop, range and language shares one rendering while the figures are shared.
 */
export function dashboardSection(t: Messages, fmt: Format, view: DashboardView): Html {
  const d = view.dashboard;
  const card = (key: string, title: string, note = '', tall = false) => html`<div class="chart-card">
    <div class="chart-head"><h3 id="dash-${key}-title">${title}</h3></div>
    ${note ? html`<details class="info"><summary aria-label="${t.estimate.info}" title="${t.estimate.info}">?</summary><p>${note}</p></details>` : ''}
    <div class="chart-box${tall ? ' tall' : ''}"><canvas id="dash-${key}" role="img" aria-labelledby="dash-${key}-title"></canvas></div></div>`;
  return html`<section class="panel" id="dashboard" aria-labelledby="dashboard-title"
      data-endpoint="/admin/program/dashboard.json?from=${d.range.from}&amp;to=${d.range.to}">
    <div class="page-head"><h2 id="dashboard-title">${t.dashboard.title}</h2>
      <span class="badge ok" id="dashboard-live">${t.dashboard.live}</span></div>
    ${rangeForm(t, 'dashboard-range', '/admin/program', d.range, view.quick)}
    <div class="figures" id="dashboard-figures" aria-live="polite">${dashboardFiguresHtml(t, fmt, d)}</div>
    <div class="grid-2">
      ${card('codes', t.dashboard.issuedVsRedeemed, '', true)}
      ${card('members', t.dashboard.newMembers, '', true)}
      ${card('value', t.dashboard.memberOrderValue, t.dashboard.orderValueNote, true)}
      ${card('share', t.dashboard.memberShare, '', true)}
      ${card('repeat', t.dashboard.repeatRate, t.dashboard.repeatInfo, true)}
      <div class="chart-card"><h3>${t.program.lists}</h3>
        <ul>
          <li><a href="/admin/members">${t.program.membersLink}</a></li>
          <li><a href="/admin/codes">${t.program.codesLink}</a></li>
          <li><a href="/admin/orders?members=1&amp;from=${d.range.from}&amp;to=${d.range.to}">${t.program.ordersLink}</a></li>
        </ul></div>
    </div>
    <p class="small muted">${t.dashboard.orderValueNote}</p>
    ${jsonScript('dashboard-data', dashboardCharts(d, fmt))}
    ${jsonScript('dashboard-texts', {
      issued: t.dashboard.issued,
      redeemed: t.dashboard.redeemed,
      newMembers: t.dashboard.newMembers,
      memberOrderValue: t.dashboard.memberOrderValue,
      memberShare: t.dashboard.memberShare,
      members: t.dashboard.members,
      others: t.dashboard.othersShort,
    })}
  </section>`;
}

export function programAdminPage(
  frame: PageFrame,
  fmt: Format,
  program: Program,
  versions: StoreVersionView[],
  /** The rendered `dashboardSection`, or null (a draft program has none). */
  dashboard: Html | null,
  flash?: Flash | null,
  /** The getting-started steps, shown while the program is not running. */
  checklist?: Checklist,
): Html {
  const { t } = frame;
  const published = program.status === 'published';
  return page(frame, {
    title: t.program.title,
    active: 'program',
    flash,
    charts: dashboard !== null,
    body: html`<div class="page-head">
        <h1>${program.settings.name} <span class="badge ${published ? 'ok' : 'draft'}">${published ? t.program.statusPublished : t.program.statusDraft}</span></h1>
        <div class="actions"><a class="button secondary" href="/admin/program/settings">${t.program.settingsButton}</a></div>
      </div>
      ${published || !checklist ? '' : checklistSection(frame, checklist, true)}
      ${published ? '' : startBox(frame, program)}
      ${dashboard ?? ''}
      ${summary(frame, fmt, program, versions)}`,
  });
}
