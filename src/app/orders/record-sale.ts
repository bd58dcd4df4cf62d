import { purchasePoints } from '../../domain/earning/purchase-points.ts';
import type { AppContext } from '../context.ts';
import { type DeliverResult, deliverOrder } from './deliver-order.ts';
import { insertOrder } from './insert-order.ts';
import { decideOrder, loadOrderFacts } from './order-facts.ts';
import { duplicateOf, type PlaceOrderInput } from './place-order.ts';

/**
 * A sale at the till, or any order reported already delivered: the order, its lines, its purchase
 * entry and the balance are written in one statement. A repeated report changes nothing.
 */
export async function recordSale(ctx: AppContext, input: PlaceOrderInput): Promise<DeliverResult> {
  const now = ctx.clock.now();
  const facts = await loadOrderFacts(ctx.db, input);
  const decided = decideOrder(input, facts);
  const ratioCents = decided.earns && facts.settings ? facts.settings.purchaseRatioCents : null;
  const points = ratioCents && input.customerId ? purchasePoints(decided.eligibleCents, ratioCents) : 0;
  const written = await insertOrder(ctx.db, input, decided, now, { at: input.placedAt, ratioCents, points });
  if (written.inserted) {
    return { outcome: 'applied', orderId: input.orderId, pointsEarned: points, balance: written.balance };
  }
  // Reported before: the same order, placed earlier or already delivered.
  await duplicateOf(ctx.db, input, decided);
  const delivered = await deliverOrder(ctx, {
    shopId: input.shopId,
    orderId: input.orderId,
    deliveredAt: input.placedAt,
  });
  return delivered;
}
