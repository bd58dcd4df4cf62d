import type { OrderReportRow, OrderTotals } from '../../app/reports/orders-report.ts';
import type { Page } from '../../app/reports/paging.ts';
import type { DateRange } from '../../domain/simulation/date-range.ts';
import { type Html, html, when } from '../html.ts';
import type { Format, Messages } from '../i18n/index.ts';
import type { QuickRange } from './estimate.ts';
import { type PageFrame, page } from './layout.ts';
import { memberHref } from './members.ts';
import { pager } from './pager.ts';

export interface OrdersView {
  list: Page<OrderReportRow> & { totals: OrderTotals };
  range: DateRange;
  membersOnly: boolean;
  quick: QuickRange[];
}

type OrdersList = OrdersView['list'];

/** Minus before a discount, so that it reads as taken off. */
const discount = (fmt: Format, cents: number) => (cents ? `−${fmt.euros(cents)}` : fmt.euros(0));

/**
 * The totals of the whole filtered report, above the table: the same on every page, in view
 * without scrolling past fifty rows.
 */
function reportTotals(t: Messages, fmt: Format, list: OrdersList): Html {
  const x = list.totals;
  const figure = (label: string, value: string, id = '') =>
    html`<div><dt>${label}</dt><dd${id ? html` id="${id}"` : ''}>${value}</dd></div>`;
  return html`<section class="report-totals" id="orders-totals" aria-labelledby="orders-totals-title">
    <h2 id="orders-totals-title">${t.orders.totals(t.orders.count(fmt.number(x.orders)))}</h2>
    <dl>${figure(t.orders.products, fmt.euros(x.productCents))}${figure(t.orders.discounts, discount(fmt, x.discountCents))}
      ${figure(t.orders.shipping, fmt.euros(x.shippingAndFeesCents))}${figure(t.orders.total, fmt.euros(x.totalCents), 'orders-total')}
      ${figure(t.orders.eligible, fmt.euros(x.eligibleCents))}${figure(t.orders.points, fmt.number(x.points))}</dl>
  </section>`;
}

/**
 * One page of orders. On a screen narrower than the table it scrolls sideways inside its own
 * box, keyboard-reachable, with the order column kept in view (admin.css, `table.data.report`).
 */
function ordersTable(t: Messages, fmt: Format, list: OrdersList): Html {
  return html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="orders-title">
    <table class="data compact report" id="orders">
    <caption class="visually-hidden" id="orders-title">${t.orders.title}</caption>
    <thead><tr><th scope="col">${t.orders.order}</th><th scope="col">${t.orders.placed}</th><th scope="col">${t.orders.customer}</th>
      <th scope="col">${t.orders.version}<span class="sub">${t.orders.channel}</span></th><th scope="col">${t.orders.status}</th>
      <th scope="col" class="num">${t.orders.products}</th><th scope="col" class="num">${t.orders.discounts}</th>
      <th scope="col" class="num">${t.orders.shipping}</th><th scope="col" class="num">${t.orders.total}</th>
      <th scope="col" class="num">${t.orders.eligible}</th><th scope="col" class="num">${t.orders.points}</th><th scope="col">${t.orders.code}</th></tr></thead>
    <tbody>${list.rows.map(
      (
        o,
      ) => html`<tr><th scope="row" class="nowrap">${o.id}</th><td class="nowrap">${fmt.shortDateTime(o.placedAt)}</td>
        <td>${o.customerId ? html`<a href="${memberHref(o.customerId)}">${o.customerName || o.customerId}</a>` : t.orders.guest}
          ${o.isMember ? html` <span class="badge ok">${t.orders.member}</span>` : ''}</td>
        <td>${o.storeVersionName}<span class="sub">${t.orders.channels[o.channel]}</span></td><td class="nowrap">${t.orders.statuses[o.status]}</td>
        <td class="num">${fmt.euros(o.productCents)}</td><td class="num">${discount(fmt, o.discountCents)}</td>
        <td class="num">${fmt.euros(o.shippingAndFeesCents)}</td><td class="num">${fmt.euros(o.totalCents)}</td>
        <td class="num">${fmt.euros(o.eligibleCents)}</td><td class="num">${fmt.number(o.points)}</td><td class="code">${o.loyaltyCode ?? ''}</td></tr>`,
    )}</tbody>
    </table></div>`;
}

export function ordersPage(frame: PageFrame, fmt: Format, view: OrdersView): Html {
  const { t } = frame;
  const params: Record<string, string> = { from: view.range.from, to: view.range.to };
  if (view.membersOnly) params.members = '1';
  const list = view.list;
  return page(frame, {
    title: t.orders.title,
    active: 'orders',
    head: {
      aside: html`<a class="button secondary" href="/admin/orders.csv?${new URLSearchParams(params).toString()}" download>${t.orders.csv}</a>`,
    },
    body: html`<section class="panel">
      <form method="get" action="/admin/orders" class="filters">
        <div class="field"><label for="orders-from">${t.estimate.from}</label>
          <input type="date" id="orders-from" name="from" value="${view.range.from}" required></div>
        <div class="field"><label for="orders-to">${t.estimate.to}</label>
          <input type="date" id="orders-to" name="to" value="${view.range.to}" required></div>
        <div class="field"><label class="choice"><input type="checkbox" name="members" value="1"${when(view.membersOnly, ' checked')}> ${t.orders.membersOnly}</label></div>
        <button type="submit" class="button">${t.orders.filter}</button>
      </form>
      <div class="quick-ranges">${view.quick.map((q) => {
        const p = new URLSearchParams({
          from: q.range.from,
          to: q.range.to,
          ...(view.membersOnly ? { members: '1' } : {}),
        });
        return html`<a class="button small secondary" href="/admin/orders?${p.toString()}">${q.label}</a>`;
      })}</div>
      <p class="muted" id="orders-count">${t.orders.count(fmt.number(list.total))}</p>
      ${list.total === 0 ? html`<p>${t.orders.none}</p>` : reportTotals(t, fmt, list)}
      ${list.rows.length === 0 ? '' : ordersTable(t, fmt, list)}
      ${pager(t, fmt, list, '/admin/orders', params)}
    </section>`,
  });
}
