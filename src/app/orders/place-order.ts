import type { Executor } from '../../db/connect.ts';
import type { NoEarningReason } from '../../domain/earning/order-earns.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { insertOrder } from './insert-order.ts';
import { decideOrder, loadOrderFacts, type OrderDecision } from './order-facts.ts';
import type { PlaceOrderInput } from './order-input.ts';

export type { PlaceOrderInput };

export interface PlaceOrderResult {
  outcome: 'applied' | 'duplicate';
  orderId: string;
  eligibleCents: number;
  earns: boolean;
  notEarningReason: NoEarningReason | null;
}

/**
 * Records an order as placed. It earns nothing yet; whether it will is decided now, as the shopper
 * ordered. The order and its lines are written in one statement, so a retried report is harmless.
 */
export async function placeOrder(ctx: AppContext, input: PlaceOrderInput): Promise<PlaceOrderResult> {
  const now = ctx.clock.now();
  const decided = decideOrder(input, await loadOrderFacts(ctx.db, input));
  const { inserted } = await insertOrder(ctx.db, input, decided, now);
  if (!inserted) return duplicateOf(ctx.db, input, decided);
  return {
    outcome: 'applied',
    orderId: input.orderId,
    eligibleCents: decided.eligibleCents,
    earns: decided.earns,
    notEarningReason: decided.notEarningReason,
  };
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
  const same =
    existing.customer_id === input.customerId &&
    existing.store_version_id === input.storeVersionId &&
    existing.eligible_cents === decided.eligibleCents;
  if (!same) {
    throw new DomainError(
      'order_exists',
      `Order "${input.orderId}" was already reported with different contents; use a new order id`,
    );
  }
  return {
    outcome: 'duplicate',
    orderId: input.orderId,
    eligibleCents: existing.eligible_cents,
    earns: existing.earns,
    notEarningReason: existing.not_earning_reason as NoEarningReason | null,
  };
}
