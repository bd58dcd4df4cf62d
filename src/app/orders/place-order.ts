import type { Executor } from '../../db/connect.ts';
import type { AppContext } from '../context.ts';
import { decideOrder, loadOrderFacts, type OrderDecision } from './order-facts.ts';
import type { PlaceOrderInput } from './order-input.ts';
import {
  appliedOrder,
  insertPlacedOrders,
  type PlaceOrderResult,
  repeatedOrder,
} from './place-orders-batch.ts';

export type { PlaceOrderInput, PlaceOrderResult };

/**
 * Records an order as placed. It earns nothing yet; whether it will is decided now, as the shopper
 * ordered. The order and its lines are written in one statement (`insertPlacedOrders`, which also
 * writes the orders of a bulk request), so a retried report is harmless.
 */
export async function placeOrder(ctx: AppContext, input: PlaceOrderInput): Promise<PlaceOrderResult> {
  const now = ctx.clock.now();
  const order = { input, decided: decideOrder(input, await loadOrderFacts(ctx.db, input)), now };
  const [inserted] = await insertPlacedOrders(ctx.db, [order]);
  return inserted ? appliedOrder(order) : duplicateOf(ctx.db, input, order.decided);
}

/** The same order id reported again is a retry only if it describes the same order. */
export async function duplicateOf(
  db: Executor,
  input: PlaceOrderInput,
  decided: OrderDecision,
): Promise<PlaceOrderResult> {
  const existing = await db
    .selectFrom('orders')
    .select(['customer_id', 'store_version_id', 'eligible_cents', 'earns', 'not_earning_reason'])
    .where('shop_id', '=', input.shopId)
    .where('id', '=', input.orderId)
    .executeTakeFirstOrThrow();
  return repeatedOrder(existing, { input, decided });
}
