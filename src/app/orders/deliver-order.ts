import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { purchasePoints } from '../../domain/earning/purchase-points.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ProgramSettings } from '../../domain/program/settings.ts';
import type { AppContext } from '../context.ts';
import { ledgerEntryCtes } from '../ledger/ledger-sql.ts';
import { postEntry } from '../ledger/post-entry.ts';
import { findProgram } from '../program/load-program.ts';
import { lockOrder } from './lock-order.ts';
import { purchaseEntry } from './purchase-entry.ts';

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
 * a cancellation, a concurrent delivery) it is redone under the order's row lock.
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
  const ratio = seen.earns && seen.settings ? seen.settings.purchaseRatioCents : null;
  const points = ratio && seen.customer_id ? purchasePoints(seen.kept_eligible_cents, ratio) : 0;
  const written = await sql<{ updated: number; balance: number | null }>`
    with delivered as (
      update orders set status = 'delivered', delivered_at = ${at}, ratio_cents = ${ratio}, points_earned = ${points}
      where shop_id = ${shopId} and id = ${orderId} and status = 'placed'
        and kept_eligible_cents = ${seen.kept_eligible_cents}
      returning customer_id
    ), ${ledgerEntryCtes('delivered', purchaseEntry(shopId, orderId, points, at))}
    select (select count(*) from delivered) as updated, (select balance from moved) as balance`.execute(
    ctx.db,
  );
  const row = written.rows[0]!;
  if (row.updated === 0) return undefined;
  return { outcome: 'applied', orderId, pointsEarned: points, balance: row.balance };
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
  const ratio = program?.settings.purchaseRatioCents ?? null;
  const points = ratio && order.customer_id ? purchasePoints(order.kept_eligible_cents, ratio) : 0;
  await trx
    .updateTable('orders')
    .set({ status: 'delivered', delivered_at: at, ratio_cents: ratio, points_earned: points })
    .where('shop_id', '=', shopId)
    .where('id', '=', orderId)
    .execute();
  let balance: number | null = null;
  if (points > 0 && order.customer_id) {
    const posted = await postEntry(trx, {
      ...purchaseEntry(shopId, orderId, points, at),
      customerId: order.customer_id,
    });
    balance = posted.balance;
  }
  return { outcome: 'applied', orderId, pointsEarned: points, balance };
}
