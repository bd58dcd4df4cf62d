import { z } from 'zod';
import type { BillingAccount } from '../../app/billing/billing-account.ts';
import type { BillingOverview, InvoiceLineRow } from '../../app/billing/billing-overview.ts';
import type { InvoiceLine, MonthStatement } from '../../app/billing/month-statement.ts';
import { MAX_BILLED_MONTHS, MAX_MONTH_LINES, MONTH_PATTERN } from '../../domain/billing/billing-month.ts';
import { MAX_COMMISSION_BP, MAX_MONTHLY_FEE_CENTS } from '../../domain/billing/price.ts';
import { MAX_PAGE_SIZE, MAX_STORE_ID_LENGTH, MAX_TIME_ZONE_LENGTH } from '../../domain/limits.ts';
import { iso, isoOrNull, isoTime, safeInt, text } from './schemas.ts';

const MONTH_RULE = 'A calendar month in the shop’s time zone, `YYYY-MM`';

/**
 * A month in a query: `YYYY-MM`. The form is checked by a refinement rather than stated as a
 * pattern: the document gives the rule in words, and its length bound stays testable.
 */
export const monthQuery = z
  .string()
  .max(7, 'Give the month as YYYY-MM')
  .refine((month) => MONTH_PATTERN.test(month), 'Give the month as YYYY-MM')
  .describe(MONTH_RULE);

/**
 * A month in a path, `YYYY-MM`, or `YYYY-MM.csv` for its lines as CSV. Its length is the router's
 * for every path id (a longer one answers 414).
 */
export const monthParam = z
  .string()
  .max(MAX_STORE_ID_LENGTH)
  .refine(
    (month) => MONTH_PATTERN.test(month.replace(/\.csv$/, '')),
    'Give the month as YYYY-MM (or YYYY-MM.csv)',
  )
  .describe(`${MONTH_RULE}; \`YYYY-MM.csv\` answers its lines as CSV`);

const monthOut = text(7).regex(MONTH_PATTERN);

export const priceBody = z.object({
  monthlyFeeCents: z
    .int()
    .min(0)
    .max(MAX_MONTHLY_FEE_CENTS)
    .describe('The monthly fee in cents (the first and last month pro rata by day)'),
  commissionBp: z
    .int()
    .min(0)
    .max(MAX_COMMISSION_BP)
    .describe('The commission on members’ delivered eligible value, in basis points: 150 is 1.5 %'),
});

const priceSchema = priceBody.meta({ id: 'BillingPrice' });

const invoiceLineSchema = z
  .object({
    lineNo: z.int().min(1).max(MAX_MONTH_LINES),
    kind: z
      .enum(['fee', 'commission', 'return_credit', 'late_commission', 'late_return_credit'])
      .describe(
        '`fee`: the monthly fee (pro rata by day in the first and last month); `commission`: on members’ orders delivered in the month; `return_credit`: back on what was returned or cancelled in the month; `late_commission` and `late_return_credit`: the same for events of `forMonth` reported after it closed',
      ),
    forMonth: monthOut.nullable().describe('The closed month a `late_…` line belongs to; null otherwise'),
    amountCents: safeInt().describe('Integer cents; a credit is negative'),
    basisCents: safeInt()
      .min(0)
      .describe('The whole monthly fee (`fee`), else the eligible value the rate applies to'),
    rateBp: z.int().min(0).max(MAX_COMMISSION_BP).nullable().describe('Basis points; null on `fee`'),
    days: z.int().min(1).max(31).nullable().describe('`fee`: the days billed'),
    monthDays: z.int().min(28).max(31).nullable().describe('`fee`: the days of the month'),
  })
  .meta({ id: 'InvoiceLine' });

export const billingMonthSchema = z
  .object({
    object: z.literal('billing_month'),
    shopId: text(MAX_STORE_ID_LENGTH),
    month: monthOut,
    status: z
      .enum(['closed', 'open', 'not_billed'])
      .describe(
        '`closed`: as recorded when the month closed, never changed; `open`: to date, as it would close now; `not_billed`: billing did not run in it',
      ),
    closedAt: isoTime.nullable(),
    totalCents: safeInt().describe('The sum of the lines'),
    lines: z.array(invoiceLineSchema).max(MAX_MONTH_LINES),
  })
  .meta({ id: 'BillingMonth' });

const accountFields = {
  object: z.literal('billing_account'),
  shopId: text(MAX_STORE_ID_LENGTH),
  state: z
    .enum(['trying', 'subscribed', 'published', 'ended'])
    .describe('`published`: billing runs, from the program’s first publishing; `ended` by the operator'),
  price: priceSchema.describe('The price in force'),
  ownPrice: z.boolean().describe('The shop’s own price; false: the default'),
  subscribedAt: isoTime.nullable(),
  billingStartedAt: isoTime.nullable().describe('The program’s first publishing moment'),
  endedAt: isoTime.nullable(),
  timeZone: text(MAX_TIME_ZONE_LENGTH).describe('The zone the shop’s months begin and end in'),
};

export const billingAccountSchema = z.object(accountFields).meta({ id: 'BillingAccount' });

export const billingSchema = z
  .object({
    ...accountFields,
    currentMonth: billingMonthSchema.describe('This month to date'),
    closedMonths: z
      .array(
        z.object({
          month: monthOut,
          totalCents: safeInt(),
          closedAt: isoTime,
        }),
      )
      .max(MAX_BILLED_MONTHS)
      .describe('Every closed month, newest first; its lines at `months/{month}`'),
  })
  .meta({ id: 'Billing' });

export const closedMonthsSchema = z.object({
  object: z.literal('billing_close'),
  shopId: text(MAX_STORE_ID_LENGTH),
  closed: z
    .array(billingMonthSchema)
    .max(MAX_BILLED_MONTHS)
    .describe('The months this call closed, oldest first'),
});

export const invoiceLinesPageSchema = z.object({
  object: z.literal('list'),
  month: monthOut,
  data: z.array(billingMonthSchema).max(MAX_PAGE_SIZE).describe('Each shop’s closed month, by shop id'),
  hasMore: z.boolean(),
  nextAfter: text(MAX_STORE_ID_LENGTH).nullable(),
});

/** CSV text: one header row and a row per invoice line (a stream: bounded by its rows only). */
export const csvText = z
  .string()
  .max(Number.MAX_SAFE_INTEGER)
  .describe(
    'RFC 4180 with a header row: shop_id, month, line_no, kind, for_month, amount_cents, basis_cents, rate_bp, days, month_days, closed_at',
  );

export type BillingAccountJson = z.infer<typeof billingAccountSchema>;
export type BillingMonthJson = z.infer<typeof billingMonthSchema>;
export type BillingJson = z.infer<typeof billingSchema>;

export function billingAccountJson(account: BillingAccount): BillingAccountJson {
  return {
    object: 'billing_account',
    shopId: account.shopId,
    state: account.state,
    price: { ...account.price },
    ownPrice: account.ownPrice,
    subscribedAt: isoOrNull(account.subscribedAt),
    billingStartedAt: isoOrNull(account.billingStartedAt),
    endedAt: isoOrNull(account.endedAt),
    timeZone: account.timeZone,
  };
}

export function billingMonthJson(statement: MonthStatement): BillingMonthJson {
  return {
    object: 'billing_month',
    shopId: statement.shopId,
    month: statement.period,
    status: statement.status,
    closedAt: isoOrNull(statement.closedAt),
    totalCents: statement.totalCents,
    lines: statement.lines.map((line, i) => lineJson(line, i + 1)),
  };
}

function lineJson(line: InvoiceLine, lineNo: number) {
  return {
    lineNo,
    kind: line.kind,
    forMonth: line.forPeriod,
    amountCents: line.amountCents,
    basisCents: line.basisCents,
    rateBp: line.rateBp,
    days: line.days,
    monthDays: line.monthDays,
  };
}

export function billingJson(overview: BillingOverview): BillingJson {
  return {
    ...billingAccountJson(overview.account),
    currentMonth: billingMonthJson(overview.month),
    closedMonths: overview.closed.map((m) => ({
      month: m.period,
      totalCents: m.totalCents,
      closedAt: iso(m.closedAt!),
    })),
  };
}

/** The CSV's columns, as named in its header row. */
export const INVOICE_LINE_COLUMNS = [
  'shop_id',
  'month',
  'line_no',
  'kind',
  'for_month',
  'amount_cents',
  'basis_cents',
  'rate_bp',
  'days',
  'month_days',
  'closed_at',
];

/** An invoice line as a CSV row, in the order of `INVOICE_LINE_COLUMNS`. */
export function invoiceLineCells(row: InvoiceLineRow): (string | number | null)[] {
  return [
    row.shopId,
    row.period,
    row.lineNo,
    row.kind,
    row.forPeriod,
    row.amountCents,
    row.basisCents,
    row.rateBp,
    row.days,
    row.monthDays,
    isoOrNull(row.closedAt),
  ];
}
