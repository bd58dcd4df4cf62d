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
 * The common-table expressions, for a statement that cancels orders of one shop (the relation
 * `cancelled`, with the orders' columns), that take away the first orders that may have been
 * among them: a customer's recorded first order placed no later than the earliest cancelled one
 * (any other customer's first is an earlier order that stays). The rows are locked in member
 * order before they are deleted. `first_orders_gone` holds the customers whose row was deleted;
 * with `firstOrdersToRefresh` the statement answers every customer `refreshFirstOrders` must then
 * look at again.
 */
export function takeCancelledFirstOrders(shopId: string) {
  return sql`first_orders_due as (
      select customer_id, min(placed_at) as earliest from cancelled
      where customer_id is not null group by customer_id
    ), first_orders_locked as (
      -- Probed by key, in member order (limit 1 keeps the planner from turning the probes into a
      -- join that hashes every first order of the shop for a request's few cancellations).
      select f.customer_id
      from (select customer_id, earliest from first_orders_due order by customer_id) d
      cross join lateral (select f.customer_id from customer_first_orders f
        where f.shop_id = ${shopId} and f.customer_id = d.customer_id and f.first_placed_at >= d.earliest
        limit 1 for update) f
    ), first_orders_gone as (
      delete from customer_first_orders f using first_orders_locked l
      where f.shop_id = ${shopId} and f.customer_id = l.customer_id
      returning f.customer_id
    )`;
}

/**
 * The customers whose first order is to be found again after `takeCancelledFirstOrders`: those
 * whose row it deleted and those who had none recorded.
 */
export function firstOrdersToRefresh(shopId: string) {
  return sql`select customer_id from first_orders_gone
    union
    select d.customer_id from first_orders_due d
    left join lateral (select true as found from customer_first_orders f
      where f.shop_id = ${shopId} and f.customer_id = d.customer_id limit 1) f on true
    where f.found is null`;
}

/**
 * After orders were cancelled, the first order of each of these customers, in one statement: the
 * earliest order left that is not cancelled, or none. Run after the statement that took their
 * rows away, so that it sees the orders as they are now; an earlier first order recorded
 * meanwhile by an order placed at the same time is kept.
 */
export async function refreshFirstOrders(
  trx: Executor,
  shopId: string,
  customerIds: string[],
): Promise<void> {
  if (customerIds.length === 0) return;
  await sql`
    insert into customer_first_orders (shop_id, customer_id, first_placed_at, by_member)
    select distinct on (customer_id) shop_id, customer_id, placed_at, placed_by_member from orders
    where shop_id = ${shopId} and customer_id = any(${[...customerIds].sort()}::text[]) and status <> 'cancelled'
    order by customer_id, placed_at
    ${keepEarliestFirstOrder}`.execute(trx);
}
