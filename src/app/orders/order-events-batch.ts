import { sql, type Transaction } from 'kysely';
import type { Database, Order } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { findProgram } from '../program/load-program.ts';
import { type OrderEvent, type OrderEventOutcome, tryRule } from './order-events-batch-outcomes.ts';
import { applyRound, type BatchState, lockOrders } from './order-events-batch-round.ts';
import { decideOrder, loadSalesFacts } from './order-facts.ts';
import type { DecidedOrder } from './place-orders-batch.ts';

export type { OrderEvent, OrderEventOutcome };

/** Order events one bulk request may carry (docs/api.md, "Bulk order events"). */
export const MAX_EVENTS_PER_REQUEST = 1000;

/** Tries of a bulk request's transaction that the database chose as a deadlock's victim. */
const DEADLOCK_TRIES = 3;

/**
 * Records many order events of one shop at once, each with its own outcome (in the events' order)
 * exactly as the single use cases would give it one by one: placed, delivered, returned,
 * cancelled, idempotent per event, one event's refusal never affecting another's.
 *
 * Set-based: the placed orders' facts are read in one query, then one transaction locks every
 * order the events name (in id order) and every balance they may move (in member order), so two
 * bulk requests on the same members wait for each other instead of deadlocking, and writes the
 * events in rounds: round n holds each order's n-th event (and each return id's), so events of one
 * order apply in the request's order, and each round writes each kind with one statement through
 * the same writers as the single routes.
 */
export async function recordOrderEvents(
  ctx: AppContext,
  shopId: string,
  events: OrderEvent[],
): Promise<OrderEventOutcome[]> {
  const now = ctx.clock.now();
  const refused: (OrderEventOutcome | undefined)[] = new Array(events.length);
  const placed = await decidePlacedOrders(ctx, shopId, events, now, refused);
  const rounds = roundsOf(events, refused);
  for (let tries = 1; ; tries++) {
    try {
      return await ctx.db.transaction().execute(async (trx) => {
        const outcomes = [...refused];
        const state: BatchState = { trx, shopId, now, events, placed, outcomes, settings: undefined };
        let orders = await lockOrders(trx, shopId, events.map(orderIdOf));
        await lockBalances(trx, shopId, customersMoved(events, orders, placed));
        if (events.some((e) => e.kind === 'delivered'))
          state.settings = (await findProgram(trx, shopId))?.settings;
        for (const [n, round] of rounds.entries()) {
          if (n > 0)
            orders = await lockOrders(
              trx,
              shopId,
              round.map((i) => orderIdOf(events[i]!)),
            );
          await applyRound(state, round, orders);
        }
        return outcomes.map((o, i) => o ?? unanswered(events[i]!));
      });
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || tries >= DEADLOCK_TRIES) throw error;
    }
  }
}

const orderIdOf = (event: OrderEvent) => (event.kind === 'placed' ? event.order.orderId : event.orderId);

/** Every event gets an answer; one left without is a mistake here, not the client's. */
function unanswered(event: OrderEvent): never {
  throw new Error(`An order event of "${orderIdOf(event)}" got no outcome`);
}

/** The placed orders decided on their facts (one read); a refused one gets its outcome now. */
async function decidePlacedOrders(
  ctx: AppContext,
  shopId: string,
  events: OrderEvent[],
  now: Date,
  refused: (OrderEventOutcome | undefined)[],
): Promise<Map<number, DecidedOrder>> {
  const indexes = events.flatMap((e, i) => (e.kind === 'placed' ? [i] : []));
  const inputs = indexes.map((i) => ({
    ...(events[i] as Extract<OrderEvent, { kind: 'placed' }>).order,
    shopId,
  }));
  const facts = inputs.length ? await loadSalesFacts(ctx.db, inputs) : [];
  const decided = new Map<number, DecidedOrder>();
  indexes.forEach((index, n) => {
    const input = inputs[n]!;
    const fact = facts[n]!;
    const decision = fact instanceof DomainError ? fact : tryRule(() => decideOrder(input, fact));
    if (decision instanceof DomainError) refused[index] = { kind: 'placed', error: decision };
    else decided.set(index, { input, decided: decision, now });
  });
  return decided;
}

/**
 * The rounds of the events still to apply: an event's round is one past the last round of an
 * earlier event on the same order (or with the same return id), so within a round every order
 * and return id appears once, and events of one order keep the request's order.
 */
export function roundsOf(events: OrderEvent[], refused: (OrderEventOutcome | undefined)[]): number[][] {
  const last = new Map<string, number>();
  const rounds: number[][] = [];
  events.forEach((event, index) => {
    if (refused[index]) return;
    const keys = [`order:${orderIdOf(event)}`];
    if (event.kind === 'returned') keys.push(`return:${event.returnId}`);
    const round = Math.max(...keys.map((k) => (last.get(k) ?? -1) + 1));
    for (const key of keys) last.set(key, round);
    rounds[round] ??= [];
    rounds[round].push(index);
  });
  return rounds;
}

/** The members whose balance an event other than a placement may move: its order's customer. */
function customersMoved(
  events: OrderEvent[],
  orders: Map<string, Order>,
  placed: Map<number, DecidedOrder>,
): string[] {
  const placedCustomer = new Map([...placed.values()].map((p) => [p.input.orderId, p.input.customerId]));
  const customers = new Set<string>();
  for (const event of events) {
    if (event.kind === 'placed') continue;
    const id = orderIdOf(event);
    const customer = orders.get(id)?.customer_id ?? placedCustomer.get(id);
    if (customer) customers.add(customer);
  }
  return [...customers];
}

/**
 * Locks the members' balance rows in member order before any is moved: the transaction moves
 * them in several statements, each in member order, which alone would not keep two transactions
 * from taking them in opposite orders.
 */
async function lockBalances(
  trx: Transaction<Database>,
  shopId: string,
  customerIds: string[],
): Promise<void> {
  if (customerIds.length === 0) return;
  await sql`
    select customer_id from member_balances
    where shop_id = ${shopId} and customer_id = any(${customerIds}::text[])
    order by customer_id for update`.execute(trx);
}
