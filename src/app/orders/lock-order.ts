import type { Transaction } from 'kysely';
import type { Database, Order } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';

/** Reads an order and holds its row lock until the transaction ends, so events on one order run one at a time. */
export async function lockOrder(trx: Transaction<Database>, shopId: string, orderId: string): Promise<Order> {
  const order = await trx
    .selectFrom('orders')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('id', '=', orderId)
    .forUpdate()
    .executeTakeFirst();
  if (!order) throw new DomainError('order_not_found', `Order "${orderId}" does not exist in this shop`);
  return order;
}
