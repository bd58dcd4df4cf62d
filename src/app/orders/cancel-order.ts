import type { AppContext } from '../context.ts';
import { type CancelResult, repeatedCancellation, writeCancellations } from './cancel-orders-batch.ts';
import { lockOrder } from './lock-order.ts';

export type { CancelResult };

/**
 * Cancels an order: it earns nothing. If it had been delivered, what it still counts is taken back.
 * A loyalty code it used is given back to its owner while the code is still valid (a return never
 * does that). Written as a bulk request's cancellations are (`writeCancellations`), under the
 * order's row lock.
 */
export function cancelOrder(
  ctx: AppContext,
  input: { shopId: string; orderId: string; cancelledAt?: Date },
): Promise<CancelResult> {
  const now = ctx.clock.now();
  const at = input.cancelledAt ?? now;
  return ctx.db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, input.shopId, input.orderId);
    const repeated = repeatedCancellation(order);
    if (repeated) return repeated;
    const [written] = await writeCancellations(trx, [{ order, at }], now);
    return written!;
  });
}
