import type { AppContext } from '../context.ts';
import { type BillingAccount, readBillingAccount } from './billing-account.ts';
import {
  closedMonths,
  closedStatements,
  type InvoiceLine,
  type MonthStatement,
  monthStatement,
  requirePeriod,
} from './month-statement.ts';

export interface BillingOverview {
  account: BillingAccount;
  /** The month asked for (default: this month, to date). */
  month: MonthStatement;
  /** Every closed month, newest first. */
  closed: MonthStatement[];
}

/** What the merchant's billing page and the operator's `billing show` read: all of it read-only. */
export async function billingOverview(
  ctx: AppContext,
  shopId: string,
  period?: string,
): Promise<BillingOverview> {
  const account = await readBillingAccount(ctx.db, shopId);
  const month = await monthStatement(ctx, shopId, period);
  const closed = await closedMonths(ctx.db, shopId);
  return { account, month, closed: closed.reverse() };
}

/**
 * The invoice lines of a shop's closed months, oldest first, from and to a month ('YYYY-MM',
 * both optional): for the operator API (JSON or CSV).
 */
export async function invoiceLines(
  ctx: AppContext,
  shopId: string,
  range: { from?: string; to?: string } = {},
): Promise<MonthStatement[]> {
  await readBillingAccount(ctx.db, shopId);
  return closedMonths(ctx.db, shopId, range);
}

/** One invoice line with its shop and month, flat: a row of the operator API's CSV or JSON. */
export interface InvoiceLineRow extends InvoiceLine {
  shopId: string;
  period: string;
  lineNo: number;
  closedAt: Date | null;
}

/** The months' lines as flat rows, in month and line order. */
export function invoiceLineRows(months: readonly MonthStatement[]): InvoiceLineRow[] {
  return months.flatMap((m) =>
    m.lines.map((line, i) => ({
      shopId: m.shopId,
      period: m.period,
      lineNo: i + 1,
      ...line,
      closedAt: m.closedAt,
    })),
  );
}

/**
 * One closed month of every shop that has it, a page of shops at a time by id (after `after`):
 * what a hosting platform invoices everyone from. A month not closed yet is in no page.
 */
export async function closedMonthOfShops(
  ctx: AppContext,
  period: string,
  page: { limit: number; after?: string | undefined },
): Promise<{ months: MonthStatement[]; hasMore: boolean }> {
  requirePeriod(period);
  const monthRows = await ctx.db
    .selectFrom('billing_months')
    .selectAll()
    .where('period', '=', period)
    .$if(page.after !== undefined, (q) => q.where('shop_id', '>', page.after!))
    .orderBy('shop_id')
    .limit(page.limit + 1)
    .execute();
  const shown = monthRows.slice(0, page.limit);
  const lineRows = shown.length
    ? await ctx.db
        .selectFrom('billing_invoice_lines')
        .selectAll()
        .where('period', '=', period)
        .where(
          'shop_id',
          'in',
          shown.map((m) => m.shop_id),
        )
        .orderBy('shop_id')
        .orderBy('line_no')
        .execute()
    : [];
  return { months: closedStatements(shown, lineRows), hasMore: monthRows.length > page.limit };
}
