import { sql, type Transaction } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import { purchaseCredit } from '../../domain/earning/purchase-points.ts';
import { DomainError } from '../../domain/errors.ts';
import { purchaseEntry } from '../../domain/ledger/entries.ts';
import type { ProgramSettings } from '../../domain/program/settings.ts';
import type { AppContext } from '../context.ts';
import { entryPerRow, ledgerWrite } from '../ledger/ledger-writer.ts';
import { findProgram } from '../program/load-program.ts';
import { lockOrder } from './lock-order.ts';

export interface DeliverResult {
  outcome: 'applied' | 'duplicate';
  orderId: string;
  pointsEarned: number;
  /** The member's balance after the credit, when points were credited now. */
  balance: number | null;
}

/**
 * Marks an order delivered and credits its purchase points; the same delivery twice credits once.
 * The common case is one read and one guarded write; if the order changed in between (a return,
 * a cancellation, a concurrent delivery) it is redone under the order's row lock. Both write with
 * the same statement (`writeDelivery`).
 */
export async function deliverOrder(
  ctx: AppContext,
  input: { shopId: string; orderId: string; deliveredAt?: Date },
): Promise<DeliverResult> {
  const at = input.deliveredAt ?? ctx.clock.now();
  const fast = await deliverIfUnchanged(ctx, input.shopId, input.orderId, at);
  if (fast) return fast;
  return ctx.db.transaction().execute((trx) => deliverOrderIn(trx, input.shopId, input.orderId, at));
}

/** What a placed order is delivered on: the facts its credit is decided from. */
interface PlacedOrder {
  shopId: string;
  orderId: string;
  earns: boolean;
  customerId: string | null;
  keptEligibleCents: number;
  settings: ProgramSettings | null | undefined;
}

async function deliverIfUnchanged(
  ctx: AppContext,
  shopId: string,
  orderId: string,
  at: Date,
): Promise<DeliverResult | undefined> {
  const { rows } = await sql<{
    status: string;
    earns: boolean;
    customer_id: string | null;
    kept_eligible_cents: number;
    settings: ProgramSettings | null;
  }>`
    select o.status, o.earns, o.customer_id, o.kept_eligible_cents, p.settings
    from orders o left join programs p on p.shop_id = o.shop_id
    where o.shop_id = ${shopId} and o.id = ${orderId}`.execute(ctx.db);
  const seen = rows[0];
  if (seen?.status !== 'placed') return undefined;
  return writeDelivery(ctx.db, at, {
    shopId,
    orderId,
    earns: seen.earns,
    customerId: seen.customer_id,
    keptEligibleCents: seen.kept_eligible_cents,
    settings: seen.settings,
  });
}

export async function deliverOrderIn(
  trx: Transaction<Database>,
  shopId: string,
  orderId: string,
  at: Date,
): Promise<DeliverResult> {
  const order = await lockOrder(trx, shopId, orderId);
  if (order.status === 'delivered') {
    return { outcome: 'duplicate', orderId, pointsEarned: order.points_earned, balance: null };
  }
  if (order.status === 'cancelled') {
    throw new DomainError('order_cancelled', `Order "${orderId}" was cancelled and cannot be delivered`);
  }
  const program = order.earns ? await findProgram(trx, shopId) : undefined;
  const written = await writeDelivery(trx, at, {
    shopId,
    orderId,
    earns: order.earns,
    customerId: order.customer_id,
    keptEligibleCents: order.kept_eligible_cents,
    settings: program?.settings,
  });
  if (!written) throw new Error(`Order "${orderId}" changed while its row was locked`);
  return written;
}

/**
 * The delivery's one statement: the order becomes delivered, if it is still placed and counts what
 * it counted when read, and its purchase entry is written. Undefined when the order had changed.
 */
async function writeDelivery(db: Executor, at: Date, order: PlacedOrder): Promise<DeliverResult | undefined> {
  const { shopId, orderId } = order;
  const credit = purchaseCredit({
    earns: order.earns,
    customerId: order.customerId,
    eligibleCents: order.keptEligibleCents,
    purchaseRatioCents: order.settings?.purchaseRatioCents ?? null,
  });
  const entry = purchaseEntry({ shopId, orderId, points: credit.points, at });
  const { rows } = await sql<{ updated: number; balance: number | null }>`
    with delivered as (
      update orders set status = 'delivered', delivered_at = ${at}, ratio_cents = ${credit.ratioCents},
        points_earned = ${credit.points}
      where shop_id = ${shopId} and id = ${orderId} and status = 'placed'
        and kept_eligible_cents = ${order.keptEligibleCents}
      returning customer_id
    ), ${ledgerWrite(entryPerRow('delivered', entry))}
    select (select count(*) from delivered) as updated, (select balance from moved) as balance`.execute(db);
  const row = rows[0]!;
  if (row.updated === 0) return undefined;
  return { outcome: 'applied', orderId, pointsEarned: credit.points, balance: row.balance };
}
