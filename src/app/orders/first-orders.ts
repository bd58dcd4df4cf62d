import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';

const keepEarliestFirstOrder = sql`
  on conflict (shop_id, customer_id) do update
    set first_placed_at = excluded.first_placed_at, by_member = excluded.by_member
  where customer_first_orders.first_placed_at > excluded.first_placed_at`;

/**
 * The insert that records the customers' first orders among the orders of the relation `placed`
 * (with the orders' columns): the earliest of each customer's, kept if an earlier first order is
 * known, and taking its place if it is earlier (an order reported late, placed before the
 * customer's known first, becomes the first).
 */
export function insertFirstOrders(placed: string) {
  return sql`
    insert into customer_first_orders (shop_id, customer_id, first_placed_at, by_member)
    select distinct on (p.shop_id, p.customer_id) p.shop_id, p.customer_id, p.placed_at, p.placed_by_member
    from ${sql.table(placed)} p where p.customer_id is not null
    order by p.shop_id, p.customer_id, p.placed_at
    ${keepEarliestFirstOrder}`;
}

/**
 * After one of the customer's orders is cancelled: their first order is the earliest one left,
 * or they have none.
 */
export async function refreshFirstOrder(trx: Executor, shopId: string, customerId: string): Promise<void> {
  await sql`delete from customer_first_orders where shop_id = ${shopId} and customer_id = ${customerId}`.execute(
    trx,
  );
  await sql`
    insert into customer_first_orders (shop_id, customer_id, first_placed_at, by_member)
    select shop_id, customer_id, placed_at, placed_by_member from orders
    where shop_id = ${shopId} and customer_id = ${customerId} and status <> 'cancelled'
    order by placed_at limit 1`.execute(trx);
}
