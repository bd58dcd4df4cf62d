import { linesTotal, monthsToClose } from '../../domain/billing/billing-month.ts';
import { monthStart, nextPeriod } from '../../domain/conversion/code-validity.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { billingSpan, readBillingAccount } from './billing-account.ts';
import { appendClosedMonth } from './billing-writes.ts';
import { closedMonths, computeMonth, type MonthStatement, requirePeriod } from './month-statement.ts';

export interface ClosedMonthResult {
  outcome: 'closed' | 'already_closed';
  statement: MonthStatement;
}

/**
 * Closes a month that has ended: its lines are computed from the orders once and recorded, and
 * never change afterwards. Closing it again, from this process or another server at the same
 * moment, records nothing and answers the lines recorded the first time (the month's primary key
 * decides, as a monthly run's does).
 */
export async function closeMonth(
  ctx: AppContext,
  shopId: string,
  period: string,
): Promise<ClosedMonthResult> {
  const now = ctx.clock.now();
  requirePeriod(period);
  const closed = await ctx.db.transaction().execute(async (trx) => {
    const account = await readBillingAccount(trx, shopId);
    const span = billingSpan(account);
    if (!span) {
      throw new DomainError(
        'invalid_input',
        `Billing of shop "${shopId}" has not started: there is no month to close`,
      );
    }
    const ends = monthStart(nextPeriod(period), account.timeZone);
    if (now.getTime() < ends.getTime()) {
      throw new DomainError(
        'invalid_input',
        `${period} ends at ${ends.toISOString()} (00:00 in ${account.timeZone}); it cannot be closed before that`,
        [{ field: 'month', message: 'Only a month that has ended can be closed' }],
      );
    }
    const { lines, billed } = await computeMonth(trx, account, period);
    return appendClosedMonth(trx, {
      shopId,
      period,
      timeZone: account.timeZone,
      price: account.price,
      lines,
      totalCents: linesTotal(lines),
      closedAt: now,
      billed,
    });
  });
  const [statement] = await closedMonths(ctx.db, shopId, { from: period, to: period });
  return { outcome: closed ? 'closed' : 'already_closed', statement: statement! };
}

export interface DueBillingResult {
  closed: MonthStatement[];
  /** A shop whose closing failed; the others went ahead, and the month is due again next time. */
  failures: { shopId: string; period: string; error: unknown }[];
}

/**
 * Closes every ended month of every shop whose billing has started (what the monthly job does at
 * each shop's midnight, and what a starting service does to catch up). Safe to run twice and on
 * several servers at once.
 */
export async function closeDueBillingMonths(
  ctx: AppContext,
  options: { shopId?: string } = {},
): Promise<DueBillingResult> {
  const now = ctx.clock.now();
  let shops = ctx.db
    .selectFrom('billing_subscriptions')
    .select('shop_id')
    .where('billing_started_at', 'is not', null)
    .orderBy('shop_id');
  if (options.shopId) shops = shops.where('shop_id', '=', options.shopId);
  const result: DueBillingResult = { closed: [], failures: [] };
  for (const { shop_id: shopId } of await shops.execute()) {
    const account = await readBillingAccount(ctx.db, shopId);
    const span = billingSpan(account);
    if (!span) continue;
    const closed = await ctx.db
      .selectFrom('billing_months')
      .select('period')
      .where('shop_id', '=', shopId)
      .execute();
    const due = monthsToClose({
      span,
      timeZone: account.timeZone,
      now,
      closed: new Set(closed.map((c) => c.period)),
    });
    for (const period of due) {
      try {
        const done = await closeMonth(ctx, shopId, period);
        if (done.outcome === 'closed') result.closed.push(done.statement);
      } catch (error) {
        result.failures.push({ shopId, period, error });
        break;
      }
    }
  }
  return result;
}
