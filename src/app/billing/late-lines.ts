import type { Executor } from '../../db/connect.ts';
import type { BillingSpan, InvoiceLine } from '../../domain/billing/billing-month.ts';
import { type BilledEvent, keyedEvents, lateCorrections } from '../../domain/billing/late-events.ts';
import { monthStart, nextPeriod } from '../../domain/conversion/code-validity.ts';
import { lateCandidates } from './billed-orders.ts';
import type { BillingAccount } from './billing-account.ts';

/** Event keys per query: well below the 65,535 parameters a statement may bind. */
const KEYS_PER_QUERY = 5000;

/**
 * The corrections the month starting at `before` carries for the closed months before it (see
 * `lateCorrections`), and what they bill of each event. Only months that recorded their events
 * take corrections (those closed before migration 014 did not).
 */
export async function lateLines(
  db: Executor,
  account: BillingAccount,
  span: BillingSpan,
  before: Date,
): Promise<{ lines: InvoiceLine[]; billed: BilledEvent[] }> {
  const closed = await db
    .selectFrom('billing_months')
    .select(['period', 'commission_bp'])
    .where('shop_id', '=', account.shopId)
    .where('events_recorded', '=', true)
    .orderBy('period')
    .execute();
  const first = closed[0];
  const last = closed.at(-1);
  if (!first || !last) return { lines: [], billed: [] };
  const range = {
    from: monthStart(first.period, account.timeZone),
    to: new Date(Math.min(before.getTime(), monthStart(nextPeriod(last.period), account.timeZone).getTime())),
  };
  if (range.from.getTime() >= range.to.getTime()) return { lines: [], billed: [] };
  const orders = await lateCandidates(db, account.shopId, range, span);
  if (orders.length === 0) return { lines: [], billed: [] };
  const keys = [...new Set(orders.flatMap((o) => keyedEvents(o).map((e) => e.key)))];
  return lateCorrections({
    orders,
    billed: await billedSoFar(db, account.shopId, keys),
    closed: new Map(closed.map((m) => [m.period, m.commission_bp])),
    timeZone: account.timeZone,
    span,
    before,
  });
}

/** What the closed months billed of each of these events (the sum of its rows). */
async function billedSoFar(db: Executor, shopId: string, keys: string[]): Promise<Map<string, number>> {
  const billed = new Map<string, number>();
  for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
    const rows = await db
      .selectFrom('billing_billed_events')
      .select(['event_key', (eb) => eb.fn.sum<number>('cents').as('cents')])
      .where('shop_id', '=', shopId)
      .where('event_key', 'in', keys.slice(i, i + KEYS_PER_QUERY))
      .groupBy('event_key')
      .execute();
    for (const row of rows) billed.set(row.event_key, Number(row.cents));
  }
  return billed;
}
