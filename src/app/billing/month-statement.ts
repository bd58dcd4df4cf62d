import type { Selectable } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { BillingInvoiceLinesTable, BillingMonthsTable } from '../../db/schema.ts';
import {
  billedWindow,
  type InvoiceLine,
  type InvoiceLineKind,
  linesTotal,
  MONTH_PATTERN,
  monthInvoiceLines,
} from '../../domain/billing/billing-month.ts';
import { type BilledEvent, windowEvents } from '../../domain/billing/late-events.ts';
import { monthBasis } from '../../domain/billing/order-events.ts';
import { monthStart, periodOf } from '../../domain/conversion/code-validity.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { billedOrdersIn } from './billed-orders.ts';
import { type BillingAccount, billingSpan, readBillingAccount } from './billing-account.ts';
import { lateLines } from './late-lines.ts';

export type { InvoiceLine, InvoiceLineKind };

/** A month's invoice: closed (its lines as recorded, never changed) or open (to date, from the orders). */
export interface MonthStatement {
  shopId: string;
  period: string;
  /** closed: recorded; open: to date, as it would close now; not_billed: billing did not run in it. */
  status: 'closed' | 'open' | 'not_billed';
  lines: InvoiceLine[];
  totalCents: number;
  closedAt: Date | null;
}

/** A month's lines as they would close now, and what they bill of each event. */
export interface MonthComputation {
  lines: InvoiceLine[];
  billed: BilledEvent[];
}

/**
 * Call inside a transaction (as closing and `monthStatement` do). The invoice lines of `period`
 * computed from the orders as recorded so far: members' orders
 * (those that earn, `orders.earns`) delivered in the month, and the returns and cancellations of
 * billed deliveries posted in it, each at its moment in the shop's time zone; then the
 * corrections for events of closed months that those months did not bill (late-events.ts).
 */
export async function computeMonth(
  db: Executor,
  account: BillingAccount,
  period: string,
): Promise<MonthComputation> {
  const span = billingSpan(account);
  const window = span && billedWindow(period, account.timeZone, span);
  if (!span || !window) return { lines: [], billed: [] };
  const orders = await billedOrdersIn(db, account.shopId, window, span);
  const own = monthInvoiceLines({
    period,
    timeZone: account.timeZone,
    span,
    price: account.price,
    basis: monthBasis(orders, window, span),
  });
  const late = await lateLines(db, account, span, monthStart(period, account.timeZone));
  return { lines: [...own, ...late.lines], billed: [...windowEvents(orders, window, span), ...late.billed] };
}

/** A month as 'YYYY-MM', or `invalid_input` naming the field `month`. */
export function requirePeriod(month: string): string {
  if (!MONTH_PATTERN.test(month)) {
    throw new DomainError('invalid_input', `Expected a month like 2026-12, got "${month}"`, [
      { field: 'month', message: 'Give the month as YYYY-MM' },
    ]);
  }
  return month;
}

/** The month's statement: its recorded lines once closed, else computed to date. */
export async function monthStatement(
  ctx: AppContext,
  shopId: string,
  period?: string,
): Promise<MonthStatement> {
  const now = ctx.clock.now();
  const account = await readBillingAccount(ctx.db, shopId);
  const month = requirePeriod(period ?? periodOf(now, account.timeZone));
  const [closed] = await closedMonths(ctx.db, shopId, { from: month, to: month });
  if (closed) return closed;
  // A transaction of its own: finding late events turns JIT off for it (see lateCandidates).
  const { lines } = await ctx.db.transaction().execute((trx) => computeMonth(trx, account, month));
  return {
    shopId,
    period: month,
    status: lines.length > 0 ? 'open' : 'not_billed',
    lines,
    totalCents: linesTotal(lines),
    closedAt: null,
  };
}

/** The shop's closed months with their lines, oldest first, optionally from and to a month ('YYYY-MM'). */
export async function closedMonths(
  db: Executor,
  shopId: string,
  range: { from?: string | undefined; to?: string | undefined } = {},
): Promise<MonthStatement[]> {
  let months = db.selectFrom('billing_months').selectAll().where('shop_id', '=', shopId).orderBy('period');
  let lines = db.selectFrom('billing_invoice_lines').selectAll().where('shop_id', '=', shopId);
  if (range.from) {
    months = months.where('period', '>=', range.from);
    lines = lines.where('period', '>=', range.from);
  }
  if (range.to) {
    months = months.where('period', '<=', range.to);
    lines = lines.where('period', '<=', range.to);
  }
  const monthRows = await months.execute();
  const lineRows = monthRows.length ? await lines.orderBy('period').orderBy('line_no').execute() : [];
  return closedStatements(monthRows, lineRows);
}

/** Closed months' rows and their lines' rows (in line order) as statements. */
export function closedStatements(
  monthRows: readonly Selectable<BillingMonthsTable>[],
  lineRows: readonly Selectable<BillingInvoiceLinesTable>[],
): MonthStatement[] {
  const linesOf = new Map<string, Selectable<BillingInvoiceLinesTable>[]>();
  for (const line of lineRows) {
    const key = `${line.shop_id} ${line.period}`;
    const list = linesOf.get(key);
    if (list) list.push(line);
    else linesOf.set(key, [line]);
  }
  return monthRows.map((m) => ({
    shopId: m.shop_id,
    period: m.period,
    status: 'closed' as const,
    lines: (linesOf.get(`${m.shop_id} ${m.period}`) ?? []).map((l) => ({
      kind: l.kind,
      amountCents: l.amount_cents,
      basisCents: l.basis_cents,
      rateBp: l.rate_bp,
      days: l.days,
      monthDays: l.month_days,
      forPeriod: l.for_period,
    })),
    totalCents: m.total_cents,
    closedAt: m.closed_at,
  }));
}
