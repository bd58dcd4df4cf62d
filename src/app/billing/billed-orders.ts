import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import { withoutJit } from '../../db/planner-settings.ts';
import type { Database, Order, OrderLine } from '../../db/schema.ts';
import type { BillingSpan } from '../../domain/billing/billing-month.ts';
import type { KeyedOrder } from '../../domain/billing/late-events.ts';
import { amountsOf, orderLinesOf } from '../orders/order-amounts.ts';
import { orderReturnsOf } from '../orders/order-view.ts';

type Orders = ExpressionBuilder<Database, 'orders'>;

/**
 * The orders billing reads: delivered, earning (members' orders, by the rule points use) and
 * delivered while billing ran. `where` narrows them further.
 */
async function billedOrderRows(
  db: Executor,
  shopId: string,
  span: BillingSpan,
  where: (eb: Orders) => ReturnType<Orders['and']>,
): Promise<(Order & { has_returns: SqlBool })[]> {
  return db
    .selectFrom('orders')
    .selectAll('orders')
    .select((eb) => eb.exists(returnsOf(eb)).as('has_returns'))
    .where('orders.shop_id', '=', shopId)
    .where('orders.earns', '=', true)
    .where('orders.delivered_at', '>=', span.startedAt)
    .$if(span.endedAt !== null, (q) => q.where('orders.delivered_at', '<', span.endedAt!))
    .where(where)
    .execute();
}

function returnsOf(eb: Orders) {
  return eb
    .selectFrom('order_returns as r')
    .select(sql`1`.as('one'))
    .whereRef('r.shop_id', '=', 'orders.shop_id')
    .whereRef('r.order_id', '=', 'orders.id');
}

/**
 * The billed orders with something in the window [from, to): their delivery, a return or their
 * cancellation. Orders with returns come with their amounts, lines and returns, so that each
 * return's eligible value can be computed.
 */
export async function billedOrdersIn(
  db: Executor,
  shopId: string,
  window: { from: Date; to: Date },
  span: BillingSpan,
): Promise<KeyedOrder[]> {
  const { from, to } = window;
  const rows = await billedOrderRows(db, shopId, span, (eb) =>
    eb.or([
      eb.and([eb('orders.delivered_at', '>=', from), eb('orders.delivered_at', '<', to)]),
      eb.and([eb('orders.cancelled_at', '>=', from), eb('orders.cancelled_at', '<', to)]),
      eb.exists(returnsOf(eb).where('r.created_at', '>=', from).where('r.created_at', '<', to)),
    ]),
  );
  return withFacts(db, shopId, rows);
}

/** Order ids per statement that reads candidates in full: well below the parameters one may bind. */
const IDS_PER_QUERY = 5000;

/**
 * The billed orders that may have an event in [from, to) which the closed months did not record
 * as billed: a delivery, cancellation or return (a return at or before the delivery counts at the
 * delivery's moment) without a row in `billing_billed_events`. The domain's `lateCorrections`
 * then compares each of their events with what was billed.
 *
 * Each kind of event is its own anti-join, so that the server can hash the billed events once
 * rather than look each order up three times: for a shop with 200,000 orders in 11 closed months
 * on PostgreSQL, 0.7 s instead of 2.6 s (EXPLAIN ANALYZE on the shared 2-core development machine). Call inside a
 * transaction: JIT compilation is turned off for it (its estimated cost is far above what the few
 * rows it returns need; compiling took another 0.5 s).
 */
export async function lateCandidates(
  db: Executor,
  shopId: string,
  range: { from: Date; to: Date },
  span: BillingSpan,
): Promise<KeyedOrder[]> {
  const { from, to } = range;
  // Orders delivered while billing ran, before `to`: those whose events a closed month may lack.
  const billed = sql`o.shop_id = ${shopId} and o.earns and o.delivered_at >= ${span.startedAt}
    and o.delivered_at < ${to} ${span.endedAt ? sql`and o.delivered_at < ${span.endedAt}` : sql``}`;
  const unbilled = (key: ReturnType<typeof sql>) =>
    sql`not exists (select 1 from billing_billed_events b where b.shop_id = ${shopId} and b.event_key = ${key})`;
  // A few anti-joins over the shop's closed history: compiling them cost more than running them.
  await withoutJit(db);
  const { rows } = await sql<{ id: string }>`
    select o.id from orders o
    where ${billed} and o.delivered_at >= ${from} and ${unbilled(sql`'delivery:' || o.id`)}
    union
    select o.id from orders o
    where ${billed} and o.cancelled_at >= ${from} and o.cancelled_at < ${to}
      and ${unbilled(sql`'cancellation:' || o.id`)}
    union
    select o.id from order_returns r join orders o on o.shop_id = r.shop_id and o.id = r.order_id
    where r.shop_id = ${shopId} and ${billed}
      and greatest(r.created_at, o.delivered_at) >= ${from} and greatest(r.created_at, o.delivered_at) < ${to}
      and ${unbilled(sql`'return:' || r.id`)}`.execute(db);
  const candidates: KeyedOrder[] = [];
  for (let i = 0; i < rows.length; i += IDS_PER_QUERY) {
    const ids = rows.slice(i, i + IDS_PER_QUERY).map((r) => r.id);
    const orders = await billedOrderRows(db, shopId, span, (eb) => eb('orders.id', 'in', ids));
    candidates.push(...(await withFacts(db, shopId, orders)));
  }
  return candidates;
}

/** The orders as billing sees them; the amounts, lines and returns of those with returns. */
async function withFacts(
  db: Executor,
  shopId: string,
  orders: (Order & { has_returns: SqlBool })[],
): Promise<KeyedOrder[]> {
  const withReturns = orders.filter((o) => o.has_returns).map((o) => o.id);
  if (withReturns.length === 0) return orders.map((o) => orderFacts(o, [], []));
  // One statement after the other: inside a transaction they share its one connection.
  const lines = await orderLinesOf(db, shopId, withReturns);
  const returns = await orderReturnsOf(db, shopId, withReturns);
  return orders.map((o) =>
    orderFacts(
      o,
      lines.filter((l) => l.order_id === o.id),
      returns.filter((r) => r.order_id === o.id),
    ),
  );
}

/** An order as billing sees it; its amounts and lines only when it has returns. */
function orderFacts(
  order: Order,
  lines: OrderLine[],
  returns: { id: string; lines: unknown; created_at: Date }[],
): KeyedOrder {
  const base = {
    orderId: order.id,
    keptEligibleCents: order.kept_eligible_cents,
    deliveredAt: order.delivered_at!,
    cancelledAt: order.cancelled_at,
  };
  if (returns.length === 0) return { ...base, returns: [] };
  return {
    ...base,
    amounts: amountsOf(order, lines),
    lineNos: lines.map((l) => l.line_no),
    returns: returns.map((r) => ({
      id: r.id,
      at: r.created_at,
      lines: r.lines as { lineNo: number; quantity: number }[],
    })),
  };
}
