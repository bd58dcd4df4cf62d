import { sql, type Transaction } from 'kysely';
import type { Database, Order, OrderLine } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ProgramSettings } from '../../domain/program/settings.ts';
import { repeatedCancellation, writeCancellations } from './cancel-orders-batch.ts';
import { type PlacedOrder, placedOrder, repeatedDelivery, writeDeliveries } from './deliver-orders-batch.ts';
import {
  type OrderEvent,
  type OrderEventKind,
  type OrderEventOutcome,
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

/** What the rounds of one bulk request share: its transaction, its events and their outcomes so far. */
export interface BatchState {
  trx: Transaction<Database>;
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

/**
 * Applies one round (each order at most once; `orders` are the round's orders, locked) with one
 * write per kind.
 */
export async function applyRound(state: BatchState, round: number[], orders: Map<string, Order>) {
  const of = (kind: OrderEventKind) => round.filter((i) => state.events[i]!.kind === kind);
  await placeOrders(state, of('placed'), orders);
  await deliverOrders(state, of('delivered'), orders);
  await returnItems(state, of('returned'), orders);
  await cancelOrders(state, of('cancelled'), orders);
}

/** Locks the orders of these ids that exist, in id order, and reads them. */
export async function lockOrders(
  trx: Transaction<Database>,
  shopId: string,
  ids: string[],
): Promise<Map<string, Order>> {
  const distinct = [...new Set(ids)];
  if (distinct.length === 0) return new Map();
  const rows = await trx
    .selectFrom('orders')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where(sql<boolean>`id = any(${distinct}::text[])`)
    .orderBy('id')
    .forUpdate()
    .execute();
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

/** New orders inserted in one statement; an id known already is a repeat, answered as one. */
async function placeOrders(state: BatchState, indexes: number[], orders: Map<string, Order>) {
  const fresh: number[] = [];
  for (const i of indexes) {
    const order = state.placed.get(i)!;
    const existing = orders.get(order.input.orderId);
    if (existing)
      settle(
        state,
        i,
        'placed',
        tryRule(() => repeatedOrder(existing, order)),
      );
    else fresh.push(i);
  }
  const inserted = await insertPlacedOrders(
    state.trx,
    fresh.map((i) => state.placed.get(i)!),
  );
  const raced = fresh.filter((_, n) => !inserted[n]);
  fresh.forEach((i, n) => {
    if (inserted[n]) settle(state, i, 'placed', appliedOrder(state.placed.get(i)!));
  });
  if (raced.length === 0) return;
  // Placed meanwhile by another request, which has committed: a repeat after all.
  const now = await lockOrders(
    state.trx,
    state.shopId,
    raced.map((i) => state.placed.get(i)!.input.orderId),
  );
  for (const i of raced) {
    const order = state.placed.get(i)!;
    settle(
      state,
      i,
      'placed',
      tryRule(() => repeatedOrder(now.get(order.input.orderId)!, order)),
    );
  }
}

/** Placed orders delivered in one statement; a delivered one is a repeat, a cancelled one refused. */
async function deliverOrders(state: BatchState, indexes: number[], orders: Map<string, Order>) {
  const deliveries: { i: number; order: PlacedOrder; at: Date }[] = [];
  for (const i of indexes) {
    const event = state.events[i] as EventOf<'delivered'>;
    const order = orders.get(event.orderId);
    const repeated = tryRule(() => (order ? repeatedDelivery(order) : orderNotFound(event.orderId)));
    if (repeated) settle(state, i, 'delivered', repeated);
    else
      deliveries.push({ i, order: placedOrder(order!, state.settings), at: event.deliveredAt ?? state.now });
  }
  const written = await writeDeliveries(state.trx, deliveries);
  written.forEach((result, n) => {
    if (!result) throw new Error(`Order "${deliveries[n]!.order.orderId}" changed while its row was locked`);
    settle(state, deliveries[n]!.i, 'delivered', result);
  });
}

/** Returns decided on their orders' lines and written in one statement; a known return id is a repeat. */
async function returnItems(state: BatchState, indexes: number[], orders: Map<string, Order>) {
  const inputOf = (i: number): ReturnInput => {
    const { kind: _, ...event } = state.events[i] as EventOf<'returned'>;
    return { ...event, shopId: state.shopId };
  };
  const known = indexes.filter((i) => orders.has(inputOf(i).orderId));
  for (const i of indexes)
    if (!orders.has(inputOf(i).orderId)) settle(state, i, 'returned', orderNotFound(inputOf(i).orderId));
  const previous = await previousReturns(
    state.trx,
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
    state.trx,
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
    state.trx,
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
async function cancelOrders(state: BatchState, indexes: number[], orders: Map<string, Order>) {
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
  const written = await writeCancellations(state.trx, cancellations, state.now);
  written.forEach((result, n) => {
    settle(state, cancellations[n]!.i, 'cancelled', result);
  });
}
