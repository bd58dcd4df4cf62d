import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { type OrderReportRow, orderReportRows, ordersReport } from '../../app/reports/orders-report.ts';
import { DomainError } from '../../domain/errors.ts';
import { type DateRange, lastDays, resolveRange } from '../../domain/simulation/date-range.ts';
import { type CsvDialect, csvDialect, csvStream } from '../csv.ts';
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

function csvHeader(t: Messages, timeZone: string): string[] {
  return [
    t.orders.order,
    t.orders.placedIn(timeZone),
    t.orders.customer,
    t.orders.customerId,
    t.members.email,
    t.orders.member,
    t.orders.version,
    t.orders.versionId,
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

/** One order as a line of the CSV, in the admin's language: names and words, not ids and codes. */
function csvRecord(o: OrderReportRow, t: Messages, csv: CsvDialect): unknown[] {
  return [
    o.id,
    csv.moment(o.placedAt),
    o.customerId ? (o.customerName ?? '') : t.orders.guest,
    o.customerId ?? '',
    o.customerEmail ?? '',
    o.isMember ? t.orders.yes : t.orders.no,
    o.storeVersionName,
    o.storeVersionId,
    t.orders.channels[o.channel],
    t.orders.statuses[o.status],
    csv.amount(o.productCents),
    csv.amount(o.discountCents),
    csv.amount(o.shippingAndFeesCents),
    csv.amount(o.totalCents),
    csv.amount(o.eligibleCents),
    o.points,
    o.loyaltyCode ?? '',
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

  /**
   * The whole report as CSV for the admin's language (csvDialect: `;` and decimal commas in
   * Finnish, times on the shop's wall clock), streamed in batches.
   */
  app.get('/orders.csv', async (request, reply) => {
    const { frame, timeZone, shopId } = await shopContext(ctx, request);
    const range = rangeOf(request, ctx.clock.now(), timeZone);
    const membersOnly = query(request).members === '1';
    const t = frame.t;
    const csv = csvDialect(frame.lang, timeZone);
    const rows = orderReportRows(ctx, shopId, { range, timeZone, membersOnly });
    const records = (async function* () {
      for await (const o of rows) yield csvRecord(o, t, csv);
    })();
    const name = `orders-${range.from}-${range.to}${membersOnly ? '-members' : ''}.csv`;
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store');
    const options = { header: true, columns: csvHeader(t, timeZone), bom: true, delimiter: csv.delimiter };
    return reply.send(csvStream(records, options, request.log));
  });
}
