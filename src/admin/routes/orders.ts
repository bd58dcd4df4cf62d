import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { orderReportRows, ordersReport } from '../../app/reports/orders-report.ts';
import { DomainError } from '../../domain/errors.ts';
import { type DateRange, lastDays, resolveRange } from '../../domain/simulation/date-range.ts';
import { csvStream } from '../csv.ts';
import type { Messages } from '../i18n/index.ts';
import { query, sendPage, shopContext } from '../request-context.ts';
import { ordersPage } from '../views/orders.ts';

function rangeOf(request: FastifyRequest, now: Date, timeZone: string): DateRange {
  const q = query(request);
  if (q.from && q.to) {
    try {
      const r = resolveRange({ from: q.from, to: q.to }, timeZone);
      return { from: r.from, to: r.to };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return lastDays(now, timeZone, 30);
}

const cents = (n: number) => (n / 100).toFixed(2);

function csvHeader(t: Messages): string[] {
  return [
    t.orders.order,
    t.orders.placed,
    t.orders.customer,
    t.members.email,
    t.orders.member,
    t.orders.version,
    t.orders.channel,
    t.orders.status,
    t.orders.products,
    t.orders.discounts,
    t.orders.shipping,
    t.orders.total,
    t.orders.eligible,
    t.orders.points,
    t.orders.code,
  ];
}

export function orderRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/orders', async (request, reply) => {
    const { frame, fmt, timeZone, shopId } = await shopContext(ctx, request);
    const now = ctx.clock.now();
    const range = rangeOf(request, now, timeZone);
    const q = query(request);
    const membersOnly = q.members === '1';
    const list = await ordersReport(ctx, shopId, { range, timeZone, membersOnly }, Number(q.page) || 1);
    const quick = [30, 90, 365].map((n) => ({
      label: frame.t.dashboard.lastDays(n),
      range: lastDays(now, timeZone, n),
    }));
    return sendPage(reply, ordersPage(frame, fmt, { list, range, membersOnly, quick }));
  });

  /** The whole report as CSV (amounts in euros with a dot, times ISO 8601), streamed in batches. */
  app.get('/orders.csv', async (request, reply) => {
    const { frame, timeZone, shopId } = await shopContext(ctx, request);
    const range = rangeOf(request, ctx.clock.now(), timeZone);
    const membersOnly = query(request).members === '1';
    const t = frame.t;
    const rows = orderReportRows(ctx, shopId, { range, timeZone, membersOnly });
    const records = (async function* () {
      for await (const o of rows) {
        yield [
          o.id,
          o.placedAt.toISOString(),
          o.customerId ?? '',
          o.customerEmail ?? '',
          o.isMember ? t.orders.yes : t.orders.no,
          o.storeVersionId,
          o.channel,
          o.status,
          cents(o.productCents),
          cents(o.discountCents),
          cents(o.shippingAndFeesCents),
          cents(o.totalCents),
          cents(o.eligibleCents),
          o.points,
          o.loyaltyCode ?? '',
        ];
      }
    })();
    const name = `orders-${range.from}-${range.to}${membersOnly ? '-members' : ''}.csv`;
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store');
    return reply.send(csvStream(records, { header: true, columns: csvHeader(t), bom: true }, request.log));
  });
}
