import { sql, type Transaction } from 'kysely';
import type { Db, Executor } from '../../db/connect.ts';
import type { Database, Order, OrderLine } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ProgramSettings } from '../../domain/program/settings.ts';
import { repeatedCancellation, writeCancellations } from './cancel-orders-batch.ts';
import { type PlacedOrder, placedOrder, repeatedDelivery, writeDeliveries } from './deliver-orders-batch.ts';
import {
  type OrderEvent,
  type OrderEventKind,
  type OrderEventOutcome,
  orderIdOf,
  orderNotFound,
  tryRule,
} from './order-events-batch-outcomes.ts';
import { appliedOrder, type DecidedOrder, insertPlacedOrders, repeatedOrder } from './place-orders-batch.ts';
import {
  type DecidedReturn,
  decideReturn,
  previousReturns,
  type ReturnInput,
  repeatedReturn,
  writeReturns,
} from './return-items-batch.ts';

/** What the rounds of one bulk request share: its events and their outcomes so far. */
export interface BatchState {
  db: Db;
  shopId: string;
  now: Date;
  events: OrderEvent[];
  /** The placed orders decided on their facts, by event index. */
  placed: Map<number, DecidedOrder>;
  outcomes: (OrderEventOutcome | undefined)[];
  /** The program's settings, read when the request delivers something. */
  settings: ProgramSettings | null | undefined;
}

type EventOf<K extends OrderEventKind> = Extract<OrderEvent, { kind: K }>;
/** One kind's events of a round (by index), in the transaction that has locked their orders. */
interface KindRound {
  trx: Transaction<Database>;
  state: BatchState;
  indexes: number[];
  orders: Map<string, Order>;
}
type KindWrite = (round: KindRound) => Promise<void>;

/** Tries of a transaction that the database chose as a deadlock's victim. */
const DEADLOCK_TRIES = 3;

/**
 * Applies one round (each order and return id at most once) with one write per kind. The placed
 * orders are one statement, as a single order is. Each other kind is a transaction of its own
 * that locks its orders in id order, decides on them and writes them, so its locks (the orders',
 * then the members' balances, in member order) are taken in one order by every request and held
 * for that write only: two bulk requests on the same orders or members wait for each other
 * briefly instead of for a whole request. (An unlocked update of the deliveries, tried before,
 * locked the orders in whatever order its plan took and deadlocked against the locked kinds.)
 */
export async function applyRound(state: BatchState, round: number[]) {
  const of = (kind: OrderEventKind) => round.filter((i) => state.events[i]!.kind === kind);
  await againIfDeadlocked(() => placeOrders(state, of('placed')));
  await inTransaction(state, of('delivered'), deliverOrders);
  await inTransaction(state, of('returned'), returnItems);
  await inTransaction(state, of('cancelled'), cancelOrders);
}

/** `write` in a transaction that first locks the events' orders; run again when a deadlock's victim. */
async function inTransaction(state: BatchState, indexes: number[], write: KindWrite) {
  if (indexes.length === 0) return;
  const ids = indexes.map((i) => orderIdOf(state.events[i]!));
  await againIfDeadlocked(() =>
    state.db.transaction().execute(async (trx) => {
      await write({ trx, state, indexes, orders: await readOrders(trx, state.shopId, ids, 'lock') });
    }),
  );
}

/**
 * Runs a write again when the database chose it as a deadlock's victim (it was rolled back, and
 * every write here is idempotent); the outcomes it set are set again.
 */
async function againIfDeadlocked<T>(write: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await write();
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || tries >= DEADLOCK_TRIES) throw error;
    }
  }
}

/** The orders of these ids that exist, read (and with `lock`, locked in id order until the transaction ends). */
async function readOrders(
  db: Executor,
  shopId: string,
  ids: string[],
  lock?: 'lock',
): Promise<Map<string, Order>> {
  const distinct = [...new Set(ids)];
  if (distinct.length === 0) return new Map();
  const query = db
    .selectFrom('orders')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where(sql<boolean>`id = any(${distinct}::text[])`)
    .orderBy('id');
  const rows = await (lock ? query.forUpdate() : query).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/** Sets the outcome of event `i`: the rule's result, or its refusal. */
function settle<K extends OrderEventKind>(
  state: BatchState,
  i: number,
  kind: K,
  result: Extract<OrderEventOutcome, { kind: K; result: unknown }>['result'] | DomainError,
) {
  state.outcomes[i] = (
    result instanceof DomainError ? { kind, error: result } : { kind, result }
  ) as OrderEventOutcome;
}

/**
 * New orders inserted in one statement; an id known already is a repeat, answered as one, as
 * `placeOrder` answers it (the insert skips it, then it is read).
 */
async function placeOrders(state: BatchState, indexes: number[]) {
  if (indexes.length === 0) return;
  const orderOf = (i: number) => state.placed.get(i)!;
  const inserted = await insertPlacedOrders(state.db, indexes.map(orderOf));
  const known = indexes.filter((_, n) => !inserted[n]);
  indexes.forEach((i, n) => {
    if (inserted[n]) settle(state, i, 'placed', appliedOrder(orderOf(i)));
  });
  if (known.length === 0) return;
  const orders = await readOrders(
    state.db,
    state.shopId,
    known.map((i) => orderOf(i).input.orderId),
  );
  for (const i of known) {
    settle(
      state,
      i,
      'placed',
      tryRule(() => repeatedOrder(orders.get(orderOf(i).input.orderId)!, orderOf(i))),
    );
  }
}

/** Placed orders delivered in one statement; a delivered one is a repeat, a cancelled one refused. */
async function deliverOrders({ trx, state, indexes, orders }: KindRound) {
  const deliveries: { i: number; order: PlacedOrder; at: Date }[] = [];
  for (const i of indexes) {
    const event = state.events[i] as EventOf<'delivered'>;
    const order = orders.get(event.orderId);
    const repeated = tryRule(() => (order ? repeatedDelivery(order) : orderNotFound(event.orderId)));
    if (repeated) settle(state, i, 'delivered', repeated);
    else
      deliveries.push({ i, order: placedOrder(order!, state.settings), at: event.deliveredAt ?? state.now });
  }
  const written = await writeDeliveries(trx, deliveries);
  written.forEach((result, n) => {
    if (!result) throw new Error(`Order "${deliveries[n]!.order.orderId}" changed while its row was locked`);
    settle(state, deliveries[n]!.i, 'delivered', result);
  });
}

/** Returns decided on their orders' lines and written in one statement; a known return id is a repeat. */
async function returnItems({ trx, state, indexes, orders }: KindRound) {
  const inputOf = (i: number): ReturnInput => {
    const { kind: _, ...event } = state.events[i] as EventOf<'returned'>;
    return { ...event, shopId: state.shopId };
  };
  const known = indexes.filter((i) => orders.has(inputOf(i).orderId));
  for (const i of indexes)
    if (!orders.has(inputOf(i).orderId)) settle(state, i, 'returned', orderNotFound(inputOf(i).orderId));
  const previous = await previousReturns(
    trx,
    state.shopId,
    known.map((i) => inputOf(i).returnId),
  );
  const fresh: number[] = [];
  for (const i of known) {
    const input = inputOf(i);
    const repeated = tryRule(() =>
      repeatedReturn(input, orders.get(input.orderId)!, previous.get(input.returnId)),
    );
    if (repeated) settle(state, i, 'returned', repeated);
    else fresh.push(i);
  }
  const lines = await linesOf(
    trx,
    state.shopId,
    fresh.map((i) => inputOf(i).orderId),
  );
  const decided: { i: number; decided: DecidedReturn }[] = [];
  for (const i of fresh) {
    const input = inputOf(i);
    const at = input.returnedAt ?? state.now;
    const order = orders.get(input.orderId)!;
    const result = tryRule(() => decideReturn(input, at, order, lines.get(input.orderId) ?? []));
    if (result instanceof DomainError) settle(state, i, 'returned', result);
    else decided.push({ i, decided: result });
  }
  const written = await writeReturns(
    trx,
    decided.map((d) => d.decided),
  );
  written.forEach((result, n) => {
    settle(state, decided[n]!.i, 'returned', result);
  });
}

/** The lines of these orders, each order's in line order. */
async function linesOf(
  trx: Transaction<Database>,
  shopId: string,
  orderIds: string[],
): Promise<Map<string, OrderLine[]>> {
  const lines = new Map<string, OrderLine[]>();
  if (orderIds.length === 0) return lines;
  const rows = await trx
    .selectFrom('order_lines')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where(sql<boolean>`order_id = any(${orderIds}::text[])`)
    .orderBy('order_id')
    .orderBy('line_no')
    .execute();
  for (const row of rows) {
    const list = lines.get(row.order_id) ?? [];
    list.push(row);
    lines.set(row.order_id, list);
  }
  return lines;
}

/** Orders cancelled together; a cancelled one is a repeat. */
async function cancelOrders({ trx, state, indexes, orders }: KindRound) {
  const cancellations: { i: number; order: Order; at: Date }[] = [];
  for (const i of indexes) {
    const event = state.events[i] as EventOf<'cancelled'>;
    const order = orders.get(event.orderId);
    if (!order) settle(state, i, 'cancelled', orderNotFound(event.orderId));
    else {
      const repeated = repeatedCancellation(order);
      if (repeated) settle(state, i, 'cancelled', repeated);
      else cancellations.push({ i, order, at: event.cancelledAt ?? state.now });
    }
  }
  const written = await writeCancellations(trx, cancellations, state.now);
  written.forEach((result, n) => {
    settle(state, cancellations[n]!.i, 'cancelled', result);
  });
}
