import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { csvStream } from '../../admin/csv.ts';
import { billingAccount, endSubscription, setShopPrice } from '../../app/billing/billing-account.ts';
import {
  billingOverview,
  closedMonthOfShops,
  type InvoiceLineRow,
  invoiceLineRows,
} from '../../app/billing/billing-overview.ts';
import { closeDueBillingMonths } from '../../app/billing/close-months.ts';
import { monthStatement } from '../../app/billing/month-statement.ts';
import type { AppContext } from '../../app/context.ts';
import { MAX_PAGE_SIZE } from '../../domain/limits.ts';
import {
  billingAccountJson,
  billingAccountSchema,
  billingJson,
  billingMonthJson,
  billingMonthSchema,
  billingSchema,
  closedMonthsSchema,
  csvText,
  INVOICE_LINE_COLUMNS,
  invoiceLineCells,
  invoiceLinesPageSchema,
  monthParam,
  monthQuery,
  priceBody,
} from './operator-billing-schemas.ts';
import { operatorRouteSpec, operatorShopRouteSpec } from './operator-schemas.ts';
import { pageLimit, shopParams, storeId } from './schemas.ts';
import type { Api } from './types.ts';

/**
 * A shop's subscription and invoices for the operator (docs/billing.md, "Reading it"): the
 * account with this month to date and the closed months' totals, a month's invoice lines in JSON
 * or CSV, one month of every shop for invoicing them all, and the price, the end and the closing
 * of months that `loyalty billing` also uses against a running service.
 */
export function operatorBillingRoutes(api: Api, ctx: AppContext) {
  billingReadRoutes(api, ctx);
  billingPriceRoutes(api, ctx);
  billingStateRoutes(api, ctx);
  invoiceLineRoutes(api, ctx);
}

function billingReadRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/shops/:shopId/billing',
    operatorShopRouteSpec('GET', {
      operationId: 'operatorGetBilling',
      summary: 'Get a shop’s billing',
      description:
        'The subscription’s state and price, this month to date and every closed month’s total (newest first). A shop that never subscribed is `trying`, at the default price.',
      responses: { 200: billingSchema },
    }),
    async (request) => billingJson(await billingOverview(ctx, request.params.shopId)),
  );

  api.get(
    '/shops/:shopId/billing/months/:month',
    operatorShopRouteSpec('GET', {
      operationId: 'operatorGetBillingMonth',
      summary: 'Get a month’s invoice lines',
      description:
        'A closed month as it was recorded (never changed), or an open month to date, as it would close now. With `Accept: text/csv`, or the month written `YYYY-MM.csv`, its lines as CSV.',
      params: shopParams.extend({ month: monthParam }),
      responses: {
        200: {
          description: 'The month; in CSV when asked for',
          content: { 'application/json': { schema: billingMonthSchema }, 'text/csv': { schema: csvText } },
        },
      },
      example: { params: { shopId: 'outdoor-store', month: '2026-12' } },
    }),
    async (request, reply) => {
      const { shopId } = request.params;
      const month = request.params.month.replace(/\.csv$/, '');
      const statement = await monthStatement(ctx, shopId, month);
      reply.header('vary', 'Accept');
      if (request.params.month.endsWith('.csv') || prefersCsv(request.headers.accept)) {
        return sendCsv(request, reply, `${shopId}-${month}.csv`, rowsOf([invoiceLineRows([statement])]));
      }
      return billingMonthJson(statement);
    },
  );
}

function billingPriceRoutes(api: Api, ctx: AppContext) {
  api.put(
    '/shops/:shopId/billing/price',
    operatorShopRouteSpec('PUT', {
      operationId: 'operatorSetBillingPrice',
      summary: 'Set a shop’s price',
      description:
        'The shop’s own monthly fee and commission. It applies to every month not yet closed, this one included; a closed month keeps the price it was closed with.',
      body: priceBody,
      responses: { 200: billingAccountSchema },
      example: { body: { monthlyFeeCents: 4900, commissionBp: 200 } },
    }),
    async (request) => billingAccountJson(await setShopPrice(ctx, request.params.shopId, request.body)),
  );

  api.delete(
    '/shops/:shopId/billing/price',
    operatorShopRouteSpec('DELETE', {
      operationId: 'operatorResetBillingPrice',
      summary: 'Give a shop the default price again',
      description: 'From the month not yet closed on, as a new price does.',
      responses: { 200: billingAccountSchema },
    }),
    async (request) => billingAccountJson(await setShopPrice(ctx, request.params.shopId, null)),
  );
}

function billingStateRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/shops/:shopId/billing/end',
    operatorShopRouteSpec('POST', {
      operationId: 'operatorEndBilling',
      summary: 'End a shop’s subscription',
      description:
        'Billing stops now: this month’s fee is pro rata up to today, and nothing is billed after it. Ending it again changes nothing (`duplicate`).',
      responses: {
        200: billingAccountSchema.extend({
          outcome: z.enum(['applied', 'duplicate']).describe('`duplicate`: it had ended before'),
        }),
      },
    }),
    async (request) => {
      const ended = await endSubscription(ctx, request.params.shopId);
      return { ...billingAccountJson(ended), outcome: ended.outcome };
    },
  );

  api.post(
    '/shops/:shopId/billing/close',
    operatorShopRouteSpec('POST', {
      operationId: 'operatorCloseBillingMonths',
      summary: 'Close a shop’s ended months',
      description:
        'Closes every month billing ran in that has ended and is not closed yet, as the monthly job does at the shop’s midnight. Each month closes once: a second call closes nothing.',
      responses: { 200: closedMonthsSchema },
    }),
    async (request) => {
      const { shopId } = request.params;
      await billingAccount(ctx, shopId);
      const result = await closeDueBillingMonths(ctx, { shopId });
      if (result.failures[0]) throw result.failures[0].error;
      return { object: 'billing_close' as const, shopId, closed: result.closed.map(billingMonthJson) };
    },
  );
}

function invoiceLineRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/billing/invoice-lines',
    operatorRouteSpec('GET', {
      operationId: 'operatorListInvoiceLines',
      summary: 'A month’s invoice lines of every shop',
      description:
        'Each shop’s closed month with its lines, by shop id, a page at a time (pass `nextAfter` as `after`). With `Accept: text/csv` every shop’s lines in one CSV (`limit` and `after` are not used); `GET /v1/operator/billing/invoice-lines.csv` is the same. A month not closed yet is in neither.',
      querystring: z.object({
        month: monthQuery,
        limit: pageLimit,
        after: storeId.optional().describe('Shops with an id after this one'),
      }),
      responses: {
        200: {
          description: 'A page of shops’ months; in CSV when asked for',
          content: {
            'application/json': { schema: invoiceLinesPageSchema },
            'text/csv': { schema: csvText },
          },
        },
      },
      example: { query: { month: '2026-12', limit: 20 } },
    }),
    async (request, reply) => {
      const { month, limit, after } = request.query;
      reply.header('vary', 'Accept');
      if (prefersCsv(request.headers.accept)) {
        return sendCsv(request, reply, `invoice-lines-${month}.csv`, everyShopsRows(ctx, month));
      }
      const page = await closedMonthOfShops(ctx, month, { limit, after });
      return {
        object: 'list' as const,
        month,
        data: page.months.map(billingMonthJson),
        hasMore: page.hasMore,
        nextAfter: page.hasMore ? page.months.at(-1)!.shopId : null,
      };
    },
  );

  api.get(
    '/billing/invoice-lines.csv',
    operatorRouteSpec('GET', {
      operationId: 'operatorInvoiceLinesCsv',
      summary: 'A month’s invoice lines of every shop, as CSV',
      description:
        'Every shop’s closed month as CSV, a row per invoice line, by shop id and line. A month not closed yet has no rows.',
      querystring: z.object({ month: monthQuery }),
      responses: {
        200: { description: 'The CSV', content: { 'text/csv': { schema: csvText } } },
      },
      example: { query: { month: '2026-12' } },
    }),
    async (request, reply) => {
      const { month } = request.query;
      return sendCsv(request, reply, `invoice-lines-${month}.csv`, everyShopsRows(ctx, month));
    },
  );
}

/** Every shop's closed month's rows, a page of shops at a time, so that no page is held twice. */
async function* everyShopsRows(ctx: AppContext, month: string): AsyncIterable<InvoiceLineRow[]> {
  let after: string | undefined;
  for (;;) {
    const page = await closedMonthOfShops(ctx, month, { limit: MAX_PAGE_SIZE, after });
    yield invoiceLineRows(page.months);
    if (!page.hasMore) return;
    after = page.months.at(-1)!.shopId;
  }
}

async function* rowsOf(pages: Iterable<InvoiceLineRow[]>): AsyncIterable<InvoiceLineRow[]> {
  yield* pages;
}

async function* cells(pages: AsyncIterable<InvoiceLineRow[]>): AsyncIterable<unknown[]> {
  for await (const page of pages) for (const row of page) yield invoiceLineCells(row);
}

/** Invoice lines as a CSV download, its text cells neutralised against formulas (admin/csv.ts). */
function sendCsv(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  pages: AsyncIterable<InvoiceLineRow[]>,
) {
  reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'no-store');
  return reply.send(csvStream(cells(pages), { header: true, columns: INVOICE_LINE_COLUMNS }, request.log));
}

/**
 * Whether an Accept header asks for CSV rather than JSON: `text/csv` listed with a quality above
 * zero and above `application/json`'s (or as high and listed first). Anything else answers JSON.
 */
export function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = accept.split(',').map((part, index) => {
    const [type = '', ...parameters] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = parameters.find((p) => p.startsWith('q='));
    return { type, q: q === undefined ? 1 : Number(q.slice(2)), index };
  });
  const csv = ranges.find((r) => r.type === 'text/csv');
  if (!csv || !(csv.q > 0)) return false;
  const json = ranges.find((r) => r.type === 'application/json');
  return !json || csv.q > json.q || (csv.q === json.q && csv.index < json.index);
}
