import { sql } from 'kysely';
import { restoreOnCancel } from '../../domain/codes/code-state.ts';
import { cancellationEntry } from '../../domain/ledger/entries.ts';
import { changeCodeStatus } from '../codes/code-writes.ts';
import type { AppContext } from '../context.ts';
import { postEntry } from '../ledger/ledger-writer.ts';
import { refreshFirstOrder } from './first-orders.ts';
import { lockOrder } from './lock-order.ts';
import { figureChanges } from './order-figure-changes.ts';

export interface CancelResult {
  outcome: 'applied' | 'duplicate';
  pointsDeducted: number;
  /** What happened to a loyalty code the order had used. */
  code: { code: string; result: 'restored' | 'expired_not_restored' } | null;
}

/**
 * Cancels an order: it earns nothing. If it had been delivered, what it still counts is taken back.
 * A loyalty code it used is given back to its owner while the code is still valid (a return never does that).
 */
export function cancelOrder(
  ctx: AppContext,
  input: { shopId: string; orderId: string; cancelledAt?: Date },
): Promise<CancelResult> {
  const now = ctx.clock.now();
  const at = input.cancelledAt ?? now;
  return ctx.db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, input.shopId, input.orderId);
    if (order.status === 'cancelled') return { outcome: 'duplicate', pointsDeducted: 0, code: null };
    const net = order.points_earned - order.points_deducted;
    if (order.status === 'delivered' && net > 0 && order.customer_id) {
      await postEntry(
        trx,
        cancellationEntry({
          shopId: input.shopId,
          customerId: order.customer_id,
          orderId: input.orderId,
          points: -net,
          at,
        }),
      );
    }
    await trx
      .updateTable('orders')
      .set({ status: 'cancelled', cancelled_at: at, points_deducted: order.points_earned })
      .where('shop_id', '=', input.shopId)
      .where('id', '=', input.orderId)
      .execute();
    if (order.customer_id) await refreshFirstOrder(trx, input.shopId, order.customer_id);
    await figureChanges(
      sql`orders o where o.shop_id = ${input.shopId} and o.id = ${input.orderId}`,
      -1,
    ).execute(trx);
    const used = await trx
      .selectFrom('discount_codes')
      .select(['code', 'status', 'expires_at'])
      .where('shop_id', '=', input.shopId)
      .where('used_order_id', '=', input.orderId)
      .where('status', '=', 'used')
      .forUpdate()
      .executeTakeFirst();
    let code: CancelResult['code'] = null;
    if (used) {
      const result = restoreOnCancel({ status: used.status, expiresAt: used.expires_at }, now);
      if (result === 'restored') {
        await changeCodeStatus(trx, { to: 'restored', shopId: input.shopId, code: used.code });
      }
      code = { code: used.code, result };
    }
    return { outcome: 'applied', pointsDeducted: Math.max(0, net), code };
  });
}
