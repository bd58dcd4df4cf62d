import type { BillingOverview } from '../../app/billing/billing-overview.ts';
import type { InvoiceLine, MonthStatement } from '../../app/billing/month-statement.ts';
import { type Html, html, when } from '../html.ts';
import type { Format, Lang } from '../i18n/index.ts';
import { csrfField, type Flash, type PageFrame, page } from './layout.ts';

/** Basis points as a percentage the way the language writes it: 150 → "1.5 %" / "1,5 %". */
export function percentOfBp(bp: number, lang: Lang): string {
  const text = (bp / 100).toFixed(2).replace(/\.?0+$/, '');
  return `${lang === 'fi' ? text.replace('.', ',') : text} %`;
}

/** The merchant's billing page: the subscription, the price, a month's lines (to date or closed), the closed months. */
export function billingPage(
  frame: PageFrame,
  fmt: Format,
  view: BillingOverview,
  flash: Flash | null = null,
): Html {
  const { t } = frame;
  const { account } = view;
  const percent = percentOfBp(account.price.commissionBp, fmt.lang);
  return page(frame, {
    title: t.billing.title,
    active: 'billing',
    flash,
    head: {},
    body: html`<section class="panel">
      <p class="muted">${t.billing.intro}</p>
      <dl class="facts" id="billing-account">
        <dt>${t.billing.subscription}</dt><dd>${t.billing.states[account.state]}</dd>
        <dt>${t.billing.price}</dt><dd>${t.billing.priceText(fmt.euros(account.price.monthlyFeeCents), percent)}</dd>
        <dt>${t.billing.started}</dt><dd>${account.billingStartedAt ? fmt.dateTime(account.billingStartedAt) : t.billing.notStarted}</dd>
        ${account.endedAt ? html`<dt>${t.billing.ended}</dt><dd>${fmt.dateTime(account.endedAt)}</dd>` : ''}
      </dl>
      ${
        account.state === 'trying'
          ? html`<form method="post" action="/admin/billing/subscribe" id="subscribe">${csrfField(frame)}
        <p class="help" id="subscribe-help">${t.billing.subscribeHelp}</p>
        <button type="submit" class="button" aria-describedby="subscribe-help">${t.billing.subscribe}</button></form>`
          : ''
      }
    </section>
    <section class="panel">
      ${monthPicker(frame, fmt, view)}
      ${monthTable(frame, fmt, view.month)}
    </section>
    <section class="panel">
      <h2>${t.billing.closedMonths}</h2>
      ${
        view.closed.length === 0
          ? html`<p>${t.billing.noneClosed}</p>`
          : html`<div class="table-wrap"><table class="data" id="billing-closed">
        <thead><tr><th scope="col">${t.billing.month}</th><th scope="col" class="num">${t.billing.total}</th></tr></thead>
        <tbody>${view.closed.map(
          (m) => html`<tr><td><a href="/admin/billing?month=${m.period}">${fmt.month(m.period)}</a></td>
            <td class="num">${fmt.euros(m.totalCents)}</td></tr>`,
        )}</tbody></table></div>`
      }
    </section>`,
  });
}

function monthPicker(frame: PageFrame, fmt: Format, view: BillingOverview): Html {
  const { t } = frame;
  const months = [...new Set([view.month.period, ...view.closed.map((m) => m.period)])].sort().reverse();
  return html`<form method="get" action="/admin/billing" class="filters">
    <div class="field"><label for="billing-month">${t.billing.month}</label>
      <select id="billing-month" name="month">
        ${months.map((m) => html`<option value="${m}"${when(m === view.month.period, ' selected')}>${fmt.month(m)}</option>`)}
      </select></div>
    <button type="submit" class="button">${t.billing.show}</button>
  </form>`;
}

function monthTable(frame: PageFrame, fmt: Format, month: MonthStatement): Html {
  const { t } = frame;
  const heading =
    month.status === 'closed' && month.closedAt
      ? t.billing.monthClosed(fmt.month(month.period), fmt.dateTime(month.closedAt))
      : t.billing.monthToDate(fmt.month(month.period));
  if (month.lines.length === 0) return html`<h2>${heading}</h2><p>${t.billing.notBilled}</p>`;
  return html`<h2>${heading}</h2>
    <div class="table-wrap"><table class="data" id="billing-lines" data-status="${month.status}">
    <thead><tr><th scope="col">${t.billing.line}</th><th scope="col">${t.billing.basis}</th><th scope="col" class="num">${t.billing.amount}</th></tr></thead>
    <tbody>${month.lines.map(
      (
        line,
      ) => html`<tr data-kind="${line.kind}"><td>${t.billing.kinds[line.kind]}</td><td>${basisText(frame, fmt, line)}</td>
        <td class="num">${fmt.euros(line.amountCents)}</td></tr>`,
    )}</tbody>
    <tfoot><tr><th scope="row" colspan="2">${t.billing.total}</th><td class="num" id="billing-total">${fmt.euros(month.totalCents)}</td></tr></tfoot>
    </table></div>`;
}

function basisText(frame: PageFrame, fmt: Format, line: InvoiceLine): string {
  const { t } = frame;
  if (line.kind === 'fee')
    return t.billing.feeBasis(fmt.euros(line.basisCents), line.days ?? 0, line.monthDays ?? 0);
  const percent = percentOfBp(line.rateBp ?? 0, fmt.lang);
  if (line.forPeriod)
    return t.billing.lateBasis(percent, fmt.euros(line.basisCents), fmt.month(line.forPeriod));
  return t.billing.rateBasis(percent, fmt.euros(line.basisCents));
}
