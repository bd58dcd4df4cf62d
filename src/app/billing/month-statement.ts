import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { Order, OrderLine } from '../../db/schema.ts';
import {
  type BillingSpan,
  billedWindow,
  type InvoiceLine,
  linesTotal,
  monthInvoiceLines,
} from '../../domain/billing/billing-month.ts';
import { type BilledOrder, monthBasis } from '../../domain/billing/order-events.ts';
import { periodOf } from '../../domain/conversion/code-validity.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { amountsOf } from '../orders/order-amounts.ts';
import { type BillingAccount, billingSpan, readBillingAccount } from './billing-account.ts';

export type { InvoiceLine };

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

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

/**
 * The invoice lines of `period` computed from the orders as recorded so far:
 * members' orders (those that earn, `orders.earns`) delivered in the month, and the returns and
 * cancellations of billed deliveries posted in it, each at its moment in the shop's time zone.
 */
export async function computeMonthLines(
  db: Executor,
  account: BillingAccount,
  period: string,
): Promise<InvoiceLine[]> {
  const span = billingSpan(account);
  const window = span && billedWindow(period, account.timeZone, span);
  if (!span || !window) return [];
  const orders = await billedOrders(db, account.shopId, window, span);
  return monthInvoiceLines({
    period,
    timeZone: account.timeZone,
    span,
    price: account.price,
    basis: monthBasis(orders, window, span),
  });
}

/** A month as 'YYYY-MM', or `invalid_input` naming the field `month`. */
export function requirePeriod(month: string): string {
  if (!PERIOD.test(month)) {
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
  const lines = await computeMonthLines(ctx.db, account, month);
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
  return monthRows.map((m) => ({
    shopId,
    period: m.period,
    status: 'closed' as const,
    lines: lineRows
      .filter((l) => l.period === m.period)
      .map((l) => ({
        kind: l.kind,
        amountCents: l.amount_cents,
        basisCents: l.basis_cents,
        rateBp: l.rate_bp,
        days: l.days,
        monthDays: l.month_days,
      })),
    totalCents: m.total_cents,
    closedAt: m.closed_at,
  }));
}

/**
 * The delivered orders that earn and were delivered while billing ran, with something in the
 * window: their delivery, a return or their cancellation. Orders with returns come with their
 * amounts, lines and returns, so that each return's eligible value can be computed.
 */
async function billedOrders(
  db: Executor,
  shopId: string,
  window: { from: Date; to: Date },
  span: BillingSpan,
): Promise<BilledOrder[]> {
  const { from, to } = window;
  const orders = await db
    .selectFrom('orders as o')
    .selectAll('o')
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('order_returns as r')
            .select(sql`1`.as('one'))
            .whereRef('r.shop_id', '=', 'o.shop_id')
            .whereRef('r.order_id', '=', 'o.id'),
        )
        .as('has_returns'),
    )
    .where('o.shop_id', '=', shopId)
    .where('o.earns', '=', true)
    .where('o.delivered_at', '>=', span.startedAt)
    .$if(span.endedAt !== null, (q) => q.where('o.delivered_at', '<', span.endedAt!))
    .where((eb) =>
      eb.or([
        eb.and([eb('o.delivered_at', '>=', from), eb('o.delivered_at', '<', to)]),
        eb.and([eb('o.cancelled_at', '>=', from), eb('o.cancelled_at', '<', to)]),
        eb.exists(
          eb
            .selectFrom('order_returns as r')
            .select(sql`1`.as('one'))
            .whereRef('r.shop_id', '=', 'o.shop_id')
            .whereRef('r.order_id', '=', 'o.id')
            .where('r.created_at', '>=', from)
            .where('r.created_at', '<', to),
        ),
      ]),
    )
    .execute();
  const withReturns = orders.filter((o) => o.has_returns).map((o) => o.id);
  if (withReturns.length === 0) return orders.map((o) => orderFacts(o, [], []));
  // One statement after the other: inside a transaction they share its one connection.
  const lines = await db
    .selectFrom('order_lines')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('order_id', 'in', withReturns)
    .orderBy('order_id')
    .orderBy('line_no')
    .execute();
  const returns = await db
    .selectFrom('order_returns')
    .select(['id', 'order_id', 'lines', 'created_at'])
    .where('shop_id', '=', shopId)
    .where('order_id', 'in', withReturns)
    .execute();
  return orders.map((o) =>
    orderFacts(
      o,
      lines.filter((l) => l.order_id === o.id),
      returns.filter((r) => r.order_id === o.id),
    ),
  );
}

/** An order as billing sees it; its amounts and lines only when it has returns. */
function orderFacts(
  order: Order,
  lines: OrderLine[],
  returns: { id: string; lines: unknown; created_at: Date }[],
): BilledOrder {
  const base = {
    keptEligibleCents: order.kept_eligible_cents,
    deliveredAt: order.delivered_at!,
    cancelledAt: order.cancelled_at,
  };
  if (returns.length === 0) return { ...base, returns: [] };
  return {
    ...base,
    amounts: amountsOf(order, lines),
    lineNos: lines.map((l) => l.line_no),
    returns: returns.map((r) => ({
      id: r.id,
      at: r.created_at,
      lines: r.lines as { lineNo: number; quantity: number }[],
    })),
  };
}
