import type { Transaction } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { Database, Order } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';

const orderRow = (db: Executor, shopId: string, orderId: string) =>
  db.selectFrom('orders').selectAll().where('shop_id', '=', shopId).where('id', '=', orderId);

function found(order: Order | undefined, orderId: string): Order {
  if (!order) throw new DomainError('order_not_found', `Order "${orderId}" does not exist in this shop`);
  return order;
}

/** Reads an order and holds its row lock until the transaction ends, so events on one order run one at a time. */
export async function lockOrder(trx: Transaction<Database>, shopId: string, orderId: string): Promise<Order> {
  return found(await orderRow(trx, shopId, orderId).forUpdate().executeTakeFirst(), orderId);
}

/** Reads an order as it is now; another shop's order is not found. */
export async function readOrder(db: Executor, shopId: string, orderId: string): Promise<Order> {
  return found(await orderRow(db, shopId, orderId).executeTakeFirst(), orderId);
}
