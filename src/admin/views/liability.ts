import type { LiabilityMonth, LiabilityReport } from '../../app/reports/liability.ts';
import { ASSET_URLS } from '../asset-urls.ts';
import { type Html, html, jsonScript } from '../html.ts';
import type { Format, Messages } from '../i18n/index.ts';
import { type PageFrame, page } from './layout.ts';

/** A breakage rate in basis points as the language writes a percentage; a dash without history. */
export function ratePercent(fmt: Format, rateBp: number | null): string {
  return fmt.percent(rateBp === null ? null : rateBp / 10_000);
}

const euros = (fmt: Format, cents: number | null) => (cents === null ? '–' : fmt.euros(cents));

/** The month as the table names it: the current one says it is to date. */
function monthName(t: Messages, fmt: Format, m: LiabilityMonth): string {
  return m.toDate ? `${fmt.month(m.month)} (${t.liability.toDate})` : fmt.month(m.month);
}

/** The figures of the latest month end, above the charts. */
function nowFigures(t: Messages, fmt: Format, m: LiabilityMonth): Html {
  const figure = (key: string, label: string, value: string, sub = '') =>
    html`<div class="figure" data-figure="${key}"><div class="label">${label}</div><div class="value">${value}</div>${sub ? html`<div class="sub">${sub}</div>` : ''}</div>`;
  const x = t.liability;
  return html`<div class="figures" id="liability-now">
    ${figure('total', x.total, euros(fmt, m.totalCents))}
    ${figure('points', x.pointsValue, euros(fmt, m.points.valueCents), `${t.pointsUnit(fmt.number(m.points.outstanding))} · ${x.members}: ${fmt.number(m.points.members)}`)}
    ${figure('codes', x.netValue, fmt.euros(m.codes.netUnusedCents), `${x.unusedValue}: ${fmt.euros(m.codes.unusedCents)}`)}
    ${figure('rate', x.rate, ratePercent(fmt, m.codes.breakageRateBp))}
    ${figure('negative', x.negative, fmt.number(m.points.negative))}
  </div>`;
}

/** One row a month: what is held and owed at its end, and what expired during it. */
function monthsTable(t: Messages, fmt: Format, report: LiabilityReport): Html {
  const x = t.liability;
  const cell = (label: string, value: string) => html`<td class="num" data-label="${label}">${value}</td>`;
  return html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="liability-months-title">
    <table class="data compact report" id="liability-months">
    <caption class="visually-hidden" id="liability-months-title">${x.months}</caption>
    <thead><tr><th scope="col">${x.month}</th><th scope="col" class="num">${x.points}</th><th scope="col" class="num">${x.members}</th>
      <th scope="col" class="num">${x.pointsValue}</th><th scope="col" class="num">${x.negative}</th>
      <th scope="col" class="num">${x.unusedCodes}</th><th scope="col" class="num">${x.unusedValue}</th>
      <th scope="col" class="num">${x.expiredCodes}</th><th scope="col" class="num">${x.breakage}</th>
      <th scope="col" class="num">${x.rate}</th><th scope="col" class="num">${x.netValue}</th><th scope="col" class="num">${x.total}</th></tr></thead>
    <tbody>${report.months.map(
      (m) => html`<tr data-month="${m.month}"><th scope="row" class="nowrap">${monthName(t, fmt, m)}</th>
        ${cell(x.points, fmt.number(m.points.outstanding))}${cell(x.members, fmt.number(m.points.members))}
        ${cell(x.pointsValue, euros(fmt, m.points.valueCents))}${cell(x.negative, fmt.number(m.points.negative))}
        ${cell(x.unusedCodes, fmt.number(m.codes.unusedCount))}${cell(x.unusedValue, fmt.euros(m.codes.unusedCents))}
        ${cell(x.expiredCodes, fmt.number(m.codes.expiredCount))}${cell(x.breakage, fmt.euros(m.codes.expiredCents))}
        ${cell(x.rate, ratePercent(fmt, m.codes.breakageRateBp))}${cell(x.netValue, fmt.euros(m.codes.netUnusedCents))}
        ${cell(x.total, euros(fmt, m.totalCents))}</tr>`,
    )}</tbody></table></div>`;
}

/** Each month end's unused codes by the month they expire in. */
function expiryTable(t: Messages, fmt: Format, report: LiabilityReport): Html {
  const x = t.liability;
  const rows = report.months.flatMap((m) => m.codes.byExpiry.map((g) => ({ m, g })));
  if (rows.length === 0) return html`<p>${x.noCodes}</p>`;
  return html`<div class="table-wrap"><table class="data compact stack" id="liability-expiry">
    <caption class="visually-hidden">${x.byExpiry}</caption>
    <thead><tr><th scope="col">${x.month}</th><th scope="col">${x.expiryMonth}</th><th scope="col" class="num">${x.codes}</th><th scope="col" class="num">${x.value}</th></tr></thead>
    <tbody>${rows.map(
      ({
        m,
        g,
      }) => html`<tr><td data-label="${x.month}">${monthName(t, fmt, m)}</td><td data-label="${x.expiryMonth}">${fmt.month(g.month)}</td>
        <td class="num" data-label="${x.codes}">${fmt.number(g.count)}</td><td class="num" data-label="${x.value}">${fmt.euros(g.valueCents)}</td></tr>`,
    )}</tbody></table></div>`;
}

/** The charts' series, in euros (chart.js draws numbers; the page's script formats them). */
function chartData(fmt: Format, report: LiabilityReport) {
  const toEuros = (cents: number | null) => (cents === null ? null : cents / 100);
  return {
    labels: report.months.map((m) => fmt.monthShort(m.month)),
    points: report.months.map((m) => toEuros(m.points.valueCents)),
    codes: report.months.map((m) => toEuros(m.codes.netUnusedCents)),
    breakage: report.months.map((m) => toEuros(m.codes.expiredCents)),
  };
}

/** The points liability page: the latest figures, two charts, the months and the codes by expiry. */
export function liabilityPage(frame: PageFrame, fmt: Format, report: LiabilityReport): Html {
  const { t } = frame;
  const x = t.liability;
  const latest = report.months.at(-1)!;
  const tier = report.valuationTier;
  const card = (key: string, title: string) => html`<div class="chart-card">
    <div class="chart-head"><h3 id="liability-${key}-title">${title}</h3></div>
    <div class="chart-box tall"><canvas id="liability-${key}" role="img" aria-labelledby="liability-${key}-title"></canvas></div></div>`;
  return page(frame, {
    title: x.title,
    active: 'liability',
    charts: true,
    head: {
      aside: html`<div class="actions"><a class="button secondary" href="/admin/liability.csv" download>${x.csv}</a>
      <a class="button secondary" href="/admin/liability-codes.csv" download>${x.csvCodes}</a></div>`,
    },
    body: html`<section class="panel" id="liability" aria-labelledby="liability-now-title">
      <p>${x.intro(report.timeZone)}</p>
      <p class="small muted">${tier ? x.valuation(t.tierLabel(fmt.number(tier.points), fmt.euros(tier.valueCents))) : x.noProgram}</p>
      <h2 id="liability-now-title">${x.now}: ${monthName(t, fmt, latest)}</h2>
      ${nowFigures(t, fmt, latest)}
      <div class="grid-2">${card('owed', x.chartOwed)}${card('breakage', x.chartBreakage)}</div>
      <p class="small muted">${x.rate}: ${x.rateNote}</p>
      ${jsonScript('liability-data', chartData(fmt, report))}
      ${jsonScript('liability-texts', { points: x.pointsValue, codes: x.netValue, breakage: x.breakage })}
    </section>
    <section class="panel" aria-labelledby="liability-months-heading">
      <h2 id="liability-months-heading">${x.months}</h2>
      ${monthsTable(t, fmt, report)}
    </section>
    <section class="panel" aria-labelledby="liability-expiry-heading">
      <h2 id="liability-expiry-heading">${x.byExpiry}</h2>
      ${expiryTable(t, fmt, report)}
    </section>
    <script defer src="${ASSET_URLS.liability}"></script>`,
  });
}
