import type { OrderReportRow, OrderTotals } from '../../app/reports/orders-report.ts';
import type { Page } from '../../app/reports/paging.ts';
import type { DateRange } from '../../domain/simulation/date-range.ts';
import { type Html, html, when } from '../html.ts';
import type { Format } from '../i18n/index.ts';
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

export function ordersPage(frame: PageFrame, fmt: Format, view: OrdersView): Html {
  const { t } = frame;
  const params: Record<string, string> = { from: view.range.from, to: view.range.to };
  if (view.membersOnly) params.members = '1';
  const x = view.list.totals;
  return page(frame, {
    title: t.orders.title,
    active: 'orders',
    body: html`<div class="page-head"><h1>${t.orders.title}</h1>
      <a class="button secondary" href="/admin/orders.csv?${new URLSearchParams(params).toString()}" download>${t.orders.csv}</a></div>
    <section class="panel">
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
      <p class="muted" id="orders-count">${t.orders.count(fmt.number(view.list.total))}</p>
      ${
        view.list.rows.length === 0
          ? html`<p>${t.orders.none}</p>`
          : html`<div class="table-wrap"><table class="data compact" id="orders">
        <thead><tr><th scope="col">${t.orders.order}</th><th scope="col">${t.orders.placed}</th><th scope="col">${t.orders.customer}</th>
          <th scope="col">${t.orders.version}</th><th scope="col">${t.orders.status}</th>
          <th scope="col" class="num">${t.orders.products}</th><th scope="col" class="num">${t.orders.discounts}</th>
          <th scope="col" class="num">${t.orders.shipping}</th><th scope="col" class="num">${t.orders.total}</th>
          <th scope="col" class="num">${t.orders.eligible}</th><th scope="col" class="num">${t.orders.points}</th><th scope="col">${t.orders.code}</th></tr></thead>
        <tbody>${view.list.rows.map(
          (
            o,
          ) => html`<tr><td class="nowrap">${o.id}</td><td class="nowrap">${fmt.shortDateTime(o.placedAt)}</td>
            <td>${o.customerId ? html`<a href="${memberHref(o.customerId)}">${o.customerName || o.customerId}</a>` : t.orders.guest}
              ${o.isMember ? html` <span class="badge ok">${t.orders.member}</span>` : ''}</td>
            <td class="nowrap">${o.storeVersionId} · ${t.orders.channels[o.channel]}</td><td class="nowrap">${t.orders.statuses[o.status]}</td>
            <td class="num">${fmt.euros(o.productCents)}</td><td class="num">${o.discountCents ? `−${fmt.euros(o.discountCents)}` : fmt.euros(0)}</td>
            <td class="num">${fmt.euros(o.shippingAndFeesCents)}</td><td class="num">${fmt.euros(o.totalCents)}</td>
            <td class="num">${fmt.euros(o.eligibleCents)}</td><td class="num">${fmt.number(o.points)}</td><td class="code">${o.loyaltyCode ?? ''}</td></tr>`,
        )}</tbody>
        <tfoot><tr><td colspan="5">${t.orders.totals(t.orders.count(fmt.number(x.orders)))}</td>
          <td class="num">${fmt.euros(x.productCents)}</td><td class="num">${x.discountCents ? `−${fmt.euros(x.discountCents)}` : fmt.euros(0)}</td>
          <td class="num">${fmt.euros(x.shippingAndFeesCents)}</td><td class="num" id="orders-total">${fmt.euros(x.totalCents)}</td>
          <td class="num">${fmt.euros(x.eligibleCents)}</td><td class="num">${fmt.number(x.points)}</td><td></td></tr></tfoot>
        </table></div>`
      }
      ${pager(t, fmt, view.list, '/admin/orders', params)}
    </section>`,
  });
}
