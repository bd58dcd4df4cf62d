import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import { executeByShape } from '../../db/statement-text.ts';
import type { NoEarningReason } from '../../domain/earning/order-earns.ts';
import { DomainError } from '../../domain/errors.ts';
import { insertOrders, insertOrdersParameters, type OrderToInsert, orderRecordsets } from './insert-order.ts';

export interface PlaceOrderResult {
  outcome: 'applied' | 'duplicate';
  orderId: string;
  eligibleCents: number;
  earns: boolean;
  notEarningReason: NoEarningReason | null;
}

/** A placed order decided from its facts, with the moment its request read from the clock. */
export type DecidedOrder = OrderToInsert;

type OrderAsDecided = Pick<DecidedOrder, 'input' | 'decided'>;

/** What an order reported before is compared on when the same id comes again. */
export interface ExistingOrder {
  customer_id: string | null;
  store_version_id: string;
  eligible_cents: number;
  earns: boolean;
  not_earning_reason: string | null;
}

export const appliedOrder = ({ input, decided }: OrderAsDecided): PlaceOrderResult => ({
  outcome: 'applied',
  orderId: input.orderId,
  eligibleCents: decided.eligibleCents,
  earns: decided.earns,
  notEarningReason: decided.notEarningReason,
});

/**
 * The answer to an order id reported again: a retry if it describes the same order (the same
 * customer, store version and eligible amount), else refused with `order_exists`.
 */
export function repeatedOrder(existing: ExistingOrder, { input, decided }: OrderAsDecided): PlaceOrderResult {
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

/**
 * Writes new placed orders in one statement: the orders, their lines, their changes to the
 * dashboard's figures and the customers' first orders. An order whose id exists already is
 * skipped and answered `false`; one answer per order, in their order. Order ids must be distinct.
 * (Orders reported already delivered go through `insertSales`.)
 */
export async function insertPlacedOrders(db: Executor, orders: DecidedOrder[]): Promise<boolean[]> {
  if (orders.length === 0) return [];
  const sets = orderRecordsets(orders);
  const statement = () => sql<{ inserted: boolean }>`
    with ${insertOrders(sets, 'placed')}
    select p.id is not null as inserted
    from o left join placed p on p.shop_id = o.shop_id and p.id = o.id
    order by o.idx`;
  const { rows } = await executeByShape(db, 'insertPlacedOrders', statement, insertOrdersParameters(sets));
  return rows.map((row) => row.inserted);
}
