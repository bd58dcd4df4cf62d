import type { Executor } from '../../db/connect.ts';
import type { BillingState } from '../../db/schema.ts';
import type { InvoiceLine } from '../../domain/billing/billing-month.ts';
import type { BilledEvent } from '../../domain/billing/late-events.ts';
import type { BillingPrice } from '../../domain/billing/price.ts';

/**
 * The one writer of the billing tables (scripts/table-writers.ts): a shop's subscription and
 * price, and its closed months with their invoice lines, which are only ever appended.
 */

/**
 * Billing starts at the program's first publishing moment, in the publishing transaction: a shop
 * trying or subscribed becomes published. Publishing again, or after the operator ended the
 * subscription, changes nothing.
 */
export async function startBillingIn(db: Executor, shopId: string, at: Date): Promise<void> {
  await db
    .insertInto('billing_subscriptions')
    .values({
      shop_id: shopId,
      state: 'published',
      monthly_fee_cents: null,
      commission_bp: null,
      subscribed_at: at,
      billing_started_at: at,
      ended_at: null,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc
        .column('shop_id')
        .doUpdateSet((eb) => ({
          state: 'published',
          subscribed_at: eb.fn.coalesce('billing_subscriptions.subscribed_at', eb.val(at)),
          billing_started_at: at,
          updated_at: at,
        }))
        .where('billing_subscriptions.billing_started_at', 'is', null)
        .where('billing_subscriptions.state', 'in', ['trying', 'subscribed']),
    )
    .execute();
}

/** Moves the subscription to `to` from one of `from` (a missing row counts as trying); true when it moved. */
export async function changeState(
  db: Executor,
  shopId: string,
  change: { from: BillingState[]; to: 'subscribed' | 'ended' },
  at: Date,
): Promise<boolean> {
  const stamp = change.to === 'subscribed' ? { subscribed_at: at } : { ended_at: at };
  if (change.from.includes('trying')) {
    const inserted = await db
      .insertInto('billing_subscriptions')
      .values({
        shop_id: shopId,
        state: change.to,
        monthly_fee_cents: null,
        commission_bp: null,
        subscribed_at: null,
        billing_started_at: null,
        ended_at: null,
        ...stamp,
        updated_at: at,
      })
      .onConflict((oc) => oc.column('shop_id').doNothing())
      .returning('shop_id')
      .executeTakeFirst();
    if (inserted) return true;
  }
  const updated = await db
    .updateTable('billing_subscriptions')
    .set({ state: change.to, ...stamp, updated_at: at })
    .where('shop_id', '=', shopId)
    .where('state', 'in', change.from)
    .returning('shop_id')
    .executeTakeFirst();
  return updated !== undefined;
}

/** The shop's own price (null: back to the default). */
export async function writePrice(
  db: Executor,
  shopId: string,
  price: BillingPrice | null,
  at: Date,
): Promise<void> {
  const columns = {
    monthly_fee_cents: price?.monthlyFeeCents ?? null,
    commission_bp: price?.commissionBp ?? null,
    updated_at: at,
  };
  await db
    .insertInto('billing_subscriptions')
    .values({ shop_id: shopId, subscribed_at: null, billing_started_at: null, ended_at: null, ...columns })
    .onConflict((oc) => oc.column('shop_id').doUpdateSet(columns))
    .execute();
}

export interface MonthToClose {
  shopId: string;
  period: string;
  timeZone: string;
  price: BillingPrice;
  lines: InvoiceLine[];
  totalCents: number;
  closedAt: Date;
  /** What the month bills of each event: its own events' values and the corrections' differences. */
  billed: BilledEvent[];
}

/** Rows per insert of billed events: 4 parameters each, well below the 65,535 a statement may bind. */
const BILLED_EVENTS_PER_INSERT = 5000;

/**
 * Records the closed month, its lines and the events it billed, once: the month's primary key
 * decides which of two closings (a second run, another server) writes; the other waits for it and
 * writes nothing. True when this call closed it. Call inside a transaction, so that all of it
 * commits together.
 */
export async function appendClosedMonth(db: Executor, month: MonthToClose): Promise<boolean> {
  const inserted = await db
    .insertInto('billing_months')
    .values({
      shop_id: month.shopId,
      period: month.period,
      time_zone: month.timeZone,
      monthly_fee_cents: month.price.monthlyFeeCents,
      commission_bp: month.price.commissionBp,
      total_cents: month.totalCents,
      closed_at: month.closedAt,
    })
    .onConflict((oc) => oc.columns(['shop_id', 'period']).doNothing())
    .returning('period')
    .executeTakeFirst();
  if (!inserted) return false;
  if (month.lines.length > 0) {
    await db
      .insertInto('billing_invoice_lines')
      .values(
        month.lines.map((line, i) => ({
          shop_id: month.shopId,
          period: month.period,
          line_no: i + 1,
          kind: line.kind,
          amount_cents: line.amountCents,
          basis_cents: line.basisCents,
          rate_bp: line.rateBp,
          days: line.days,
          month_days: line.monthDays,
          for_period: line.forPeriod,
          created_at: month.closedAt,
        })),
      )
      .execute();
  }
  for (let i = 0; i < month.billed.length; i += BILLED_EVENTS_PER_INSERT) {
    await db
      .insertInto('billing_billed_events')
      .values(
        month.billed.slice(i, i + BILLED_EVENTS_PER_INSERT).map((event) => ({
          shop_id: month.shopId,
          event_key: event.key,
          period: month.period,
          cents: event.cents,
        })),
      )
      .execute();
  }
  return true;
}
