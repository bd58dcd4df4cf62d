import { ALL_PLANNED } from '../../app/simulation/campaign-extras.ts';
import type { EstimateResult } from '../../app/simulation/estimate.ts';
import type { CodeCost } from '../../domain/simulation/code-cost.ts';
import type { DateRange } from '../../domain/simulation/date-range.ts';
import { type Html, html, jsonScript } from '../html.ts';
import type { Format, Messages } from '../i18n/index.ts';
import { bucketLabels } from './chart-labels.ts';

export interface QuickRange {
  label: string;
  range: DateRange;
}

/** What the page's script draws: labels and the three series. */
export function estimateCharts(result: EstimateResult, fmt: Format) {
  return {
    labels: bucketLabels(result.calendar.buckets, result.calendar.granularity, fmt),
    purchase: result.estimate.series.purchase,
    join: result.estimate.series.join,
    review: result.estimate.series.review,
  };
}

export function rangeForm(
  t: Messages,
  id: string,
  action: string,
  range: DateRange,
  quick: QuickRange[],
  hidden: Record<string, string> = {},
  /** More fields before the button (the estimate's campaign). */
  extra: Html = html``,
): Html {
  return html`<form method="get" action="${action}" class="range-form" id="${id}">
      ${Object.entries(hidden).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
      <div class="field"><label for="${id}-from">${t.estimate.from}</label>
        <input type="date" id="${id}-from" name="from" value="${range.from}" required></div>
      <div class="field"><label for="${id}-to">${t.estimate.to}</label>
        <input type="date" id="${id}-to" name="to" value="${range.to}" required></div>
      ${extra}
      <button type="submit" class="button secondary">${t.estimate.apply}</button>
    </form>
    <div class="quick-ranges" role="group" aria-label="${t.estimate.range}">
      ${quick.map((q) => {
        const params = new URLSearchParams({ ...hidden, from: q.range.from, to: q.range.to });
        const current = q.range.from === range.from && q.range.to === range.to;
        return html`<a class="button small ${current ? '' : 'secondary'}" href="${action}?${params.toString()}"
          data-from="${q.range.from}" data-to="${q.range.to}"${current ? html` aria-current="true"` : ''}>${q.label}</a>`;
      })}
    </div>`;
}

function info(t: Messages, id: string, text: string): Html {
  return html`<details class="info" id="${id}"><summary aria-label="${t.estimate.info}" title="${t.estimate.info}">?</summary><p>${text}</p></details>`;
}

function chartCard(t: Messages, key: string, title: string, infoText: string, total: string): Html {
  return html`<div class="chart-card">
    <div class="chart-head"><h3 id="chart-${key}-title">${title}</h3>
      <span class="chart-total" data-total="${key}">${total}</span></div>
    ${info(t, `info-${key}`, `${infoText} ${t.estimate.assumption}`)}
    <div class="chart-box"><canvas id="chart-${key}" role="img" aria-labelledby="chart-${key}-title"></canvas></div>
  </div>`;
}

/** A planned campaign the estimate panel offers to include. */
export interface CampaignChoice {
  id: string;
  name: string;
}

/** The campaign picker of the estimate's range form: none, every planned one, or one of them. */
function campaignSelect(t: Messages, choices: readonly CampaignChoice[], chosen: string): Html {
  if (choices.length === 0) return html``;
  const option = (value: string, label: string) =>
    html`<option value="${value}"${value === chosen ? html` selected` : ''}>${label}</option>`;
  return html`<div class="field"><label for="estimate-campaign">${t.estimate.campaign}</label>
    <select id="estimate-campaign" name="campaign">${option('', t.estimate.campaignNone)}${
      choices.length > 1 ? option(ALL_PLANNED, t.estimate.campaignAllPlanned) : ''
    }${choices.map((c) => option(c.id, c.name))}</select></div>`;
}

/** The estimate without and with the chosen campaigns, and what they add: points and the codes' value. */
function campaignComparison(t: Messages, fmt: Format, result: EstimateResult): Html {
  const c = result.campaign;
  if (!c) return html``;
  const e = result.estimate;
  const signed = (n: number, text: string) => (n > 0 ? `+${text}` : text);
  return html`<h3 class="spaced">${t.estimate.campaignTitle}: ${c.names.join(', ')}</h3>
    ${info(t, 'info-campaign', t.estimate.campaignInfo)}
    <div class="table-wrap"><table class="data" data-figure="campaign">
      <thead><tr><th scope="col"></th><th scope="col" class="num">${t.estimate.withoutCampaign}</th>
        <th scope="col" class="num">${t.estimate.withCampaign}</th><th scope="col" class="num">${t.estimate.campaignExtra}</th></tr></thead>
      <tbody>
        <tr><th scope="row">${t.estimate.campaignPoints}</th><td class="num">${fmt.number(e.totals.all)}</td>
          <td class="num">${fmt.number(c.estimate.totals.all)}</td>
          <td class="num" data-figure="campaign-extra-points">${signed(c.extraPoints, fmt.number(c.extraPoints))}</td></tr>
        <tr><th scope="row">${t.estimate.campaignCodeValue}</th><td class="num">${fmt.euros(e.codes.totalValueCents)}</td>
          <td class="num">${fmt.euros(c.estimate.codes.totalValueCents)}</td>
          <td class="num" data-figure="campaign-extra-value">${signed(c.extraCodeValueCents, fmt.euros(c.extraCodeValueCents))}</td></tr>
      </tbody>
    </table></div>
    <p class="small muted">${t.estimate.campaignOrders(fmt.number(c.orders))}</p>`;
}

/** Totals, codes by tier and what is left; sent again by the estimate endpoint as the settings change. */
export function estimateSummary(t: Messages, fmt: Format, result: EstimateResult): Html {
  const e = result.estimate;
  const pts = (n: number) => t.pointsUnit(fmt.number(n));
  return html`<h3>${t.estimate.summary}</h3>
    <dl class="summary-list">
      <dt>${t.estimate.totalPoints}</dt><dd data-figure="total"><strong>${pts(e.totals.all)}</strong>
        <span class="muted small">(${t.estimate.fromPurchases} ${fmt.number(e.totals.purchase)},
        ${t.estimate.fromJoining} ${fmt.number(e.totals.join)}, ${t.estimate.fromReviews} ${fmt.number(e.totals.review)})</span></dd>
      <dt>${t.estimate.outstanding}</dt><dd data-figure="outstanding">${pts(e.pointsOutstanding)}</dd>
    </dl>
    <h3 class="spaced">${t.estimate.codes}</h3>
    ${
      e.codes.conversions === 0
        ? html`<p class="muted">${t.estimate.codesNone}</p>`
        : html`<div class="table-wrap"><table class="data" data-figure="codes">
      <thead><tr><th scope="col">${t.estimate.tier}</th><th scope="col" class="num">${t.estimate.count}</th><th scope="col" class="num">${t.estimate.value}</th></tr></thead>
      <tbody>${e.codes.tiers.map(
        (tier) => html`<tr><td>${t.tierLabel(fmt.number(tier.points), fmt.euros(tier.valueCents))}</td>
          <td class="num">${fmt.number(tier.count)}</td><td class="num">${fmt.euros(tier.totalValueCents)}</td></tr>`,
      )}</tbody>
      <tfoot><tr><td>${t.estimate.allTiers}</td><td class="num" data-figure="code-count">${fmt.number(e.codes.count)}</td>
        <td class="num" data-figure="code-value">${fmt.euros(e.codes.totalValueCents)}</td></tr></tfoot>
    </table></div>`
    }
    <p class="small muted">${t.estimate.counted(fmt.number(e.counted.orders), fmt.number(e.counted.members))}
      ${e.allVersionsAssumed ? html`<br>${t.estimate.allVersions}` : ''}<br>${t.estimate.approximate}</p>
    ${campaignComparison(t, fmt, result)}`;
}

/** Percentages to two decimals at most, so a share one basis point over the limit reads as over it. */
const percentFormats = new Map<string, Intl.NumberFormat>();

function percentOfBp(fmt: Format, bp: number): string {
  let format = percentFormats.get(fmt.lang);
  if (!format) {
    format = new Intl.NumberFormat(fmt.lang === 'en' ? 'en-GB' : 'fi-FI', {
      style: 'percent',
      maximumFractionDigits: 2,
    });
    percentFormats.set(fmt.lang, format);
  }
  return format.format(bp / 10_000);
}

/** What the codes would cost against members' sales, and the verdict on the program's limit. */
function costVerdict(t: Messages, fmt: Format, cost: CodeCost): Html {
  const s = t.settingsPage;
  const limit = percentOfBp(fmt, cost.limitBp);
  if (!cost.overLimit)
    return html`<p class="cost-verdict ok" data-figure="cost-verdict">${s.withinLimit(limit)}</p>`;
  const text =
    cost.shareBp === null
      ? s.overLimitNoSales(fmt.euros(cost.codeValueCents), limit)
      : s.overLimit(percentOfBp(fmt, cost.shareBp), limit);
  return html`<p class="cost-verdict over" data-figure="cost-verdict"><span aria-hidden="true">⚠ </span>${text}</p>`;
}

/**
 * The estimate's key figures, kept in view while the form is edited: the period, the codes and
 * their value, members' sales and the codes' share of them, and whether that passes the limit.
 */
export function estimateKeyFigures(t: Messages, fmt: Format, result: EstimateResult): Html {
  const s = t.settingsPage;
  const { cost, range } = result;
  return html`<h3 class="key-figures-title">${s.keyFigures}
      <span class="key-figures-period muted small">${fmt.day(range.from)} – ${fmt.day(range.to)}</span></h3>
    <dl class="key-figures-list">
      <div><dt>${s.codes}</dt><dd data-figure="cost-code-count">${fmt.number(result.estimate.codes.count)}</dd></div>
      <div><dt>${s.codeValue}</dt><dd data-figure="cost-code-value">${fmt.euros(cost.codeValueCents)}</dd></div>
      <div><dt>${s.memberSales}</dt><dd data-figure="member-sales">${fmt.euros(cost.memberSalesCents)}</dd></div>
      <div><dt>${s.share}</dt><dd data-figure="cost-share">${cost.shareBp === null ? s.noSales : percentOfBp(fmt, cost.shareBp)}</dd></div>
    </dl>
    ${costVerdict(t, fmt, cost)}`;
}

/** The key figures in one line, for the save bar of a narrow screen; a link to the whole estimate. */
export function estimateBrief(t: Messages, fmt: Format, result: EstimateResult): Html {
  const s = t.settingsPage;
  const { cost } = result;
  const value = fmt.euros(cost.codeValueCents);
  const text = cost.shareBp === null ? s.briefNoSales(value) : s.brief(value, percentOfBp(fmt, cost.shareBp));
  return html`<a href="#estimate" class="${cost.overLimit ? 'over' : 'ok'}">${cost.overLimit ? html`<span aria-hidden="true">⚠ </span>` : ''}${text}${
    cost.overLimit ? html`, <span class="limit">${s.briefLimit(percentOfBp(fmt, cost.limitBp))}</span>` : ''
  }</a>`;
}

export function estimateTotals(t: Messages, fmt: Format, result: EstimateResult): Record<string, string> {
  const e = result.estimate.totals;
  return {
    purchase: t.pointsUnit(fmt.number(e.purchase)),
    join: t.pointsUnit(fmt.number(e.join)),
    review: t.pointsUnit(fmt.number(e.review)),
  };
}

/** The estimate beside the settings form: range picker, three charts with info, summary. */
export function estimatePanel(
  t: Messages,
  fmt: Format,
  result: EstimateResult,
  quick: QuickRange[],
  action: string,
  /** Said at once, e.g. that invalid fields use their saved values. */
  status?: string,
  /** The planned campaigns the estimate may include. */
  campaigns: readonly CampaignChoice[] = [],
): Html {
  const totals = estimateTotals(t, fmt, result);
  // The key figures and the status come first: on a laptop they stay at the top of the screen.
  return html`<section class="panel estimate" id="estimate" aria-labelledby="estimate-title" data-endpoint="/admin/program/estimate">
    <h2 id="estimate-title">${t.estimate.title}</h2>
    <div class="key-figures" id="estimate-key-figures">
      <div id="estimate-key-figures-body">${estimateKeyFigures(t, fmt, result)}</div>
      <p class="estimate-status" id="estimate-status" role="status" aria-live="polite">${status ?? ''}</p>
    </div>
    ${rangeForm(t, 'estimate-range', action, result.range, quick, {}, campaignSelect(t, campaigns, result.campaign?.choice ?? ''))}
    <p class="assumption">${t.estimate.assumption}</p>
    ${chartCard(t, 'purchase', t.estimate.purchaseChart, t.estimate.purchaseInfo, totals.purchase!)}
    ${chartCard(t, 'join', t.estimate.joinChart, t.estimate.joinInfo, totals.join!)}
    ${chartCard(t, 'review', t.estimate.reviewChart, t.estimate.reviewInfo, totals.review!)}
    <div class="summary" id="estimate-summary">${estimateSummary(t, fmt, result)}</div>
    ${jsonScript('estimate-data', estimateCharts(result, fmt))}
    ${jsonScript('estimate-texts', {
      updating: t.estimate.updating,
      stale: t.estimate.stale,
      fallback: t.settingsPage.fallback,
      failed: t.estimate.failed,
    })}
  </section>`;
}
