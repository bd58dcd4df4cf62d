import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ProgramSettings } from '../../domain/program/settings.ts';
import type { AppContext } from '../context.ts';
import { findProgram } from '../program/load-program.ts';
import {
  type DeliverResult,
  placedOrder,
  repeatedDelivery,
  writeDeliveries,
} from './deliver-orders-batch.ts';
import { lockOrder } from './lock-order.ts';

export type { DeliverResult };

/**
 * Marks an order delivered and credits its purchase points; the same delivery twice credits once.
 * The common case is one read and one guarded write; if the order changed in between (a return,
 * a cancellation, a concurrent delivery) it is redone under the order's row lock. Both write with
 * the statement that also writes a bulk request's deliveries (`writeDeliveries`).
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
    kept_campaign_weight: number;
    settings: ProgramSettings | null;
  }>`
    select o.status, o.earns, o.customer_id, o.kept_eligible_cents, o.kept_campaign_weight, p.settings
    from orders o left join programs p on p.shop_id = o.shop_id
    where o.shop_id = ${shopId} and o.id = ${orderId}`.execute(ctx.db);
  const seen = rows[0];
  if (seen?.status !== 'placed') return undefined;
  const [written] = await writeDeliveries(ctx.db, [
    {
      order: {
        shopId,
        orderId,
        earns: seen.earns,
        customerId: seen.customer_id,
        keptEligibleCents: seen.kept_eligible_cents,
        keptCampaignWeight: seen.kept_campaign_weight,
        settings: seen.settings,
      },
      at,
    },
  ]);
  return written;
}

export async function deliverOrderIn(
  trx: Transaction<Database>,
  shopId: string,
  orderId: string,
  at: Date,
): Promise<DeliverResult> {
  const order = await lockOrder(trx, shopId, orderId);
  const repeated = repeatedDelivery(order);
  if (repeated) return repeated;
  const program = order.earns ? await findProgram(trx, shopId) : undefined;
  const [written] = await writeDeliveries(trx, [{ order: placedOrder(order, program?.settings), at }]);
  if (!written) throw new Error(`Order "${orderId}" changed while its row was locked`);
  return written;
}
