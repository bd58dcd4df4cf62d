import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { findProgram } from '../program/load-program.ts';
import {
  type OrderEvent,
  type OrderEventOutcome,
  orderIdOf,
  tryRule,
} from './order-events-batch-outcomes.ts';
import { applyRound, type BatchState } from './order-events-batch-round.ts';
import { decideOrder, loadSalesFacts } from './order-facts.ts';
import type { DecidedOrder } from './place-orders-batch.ts';

export type { OrderEvent, OrderEventOutcome };

/** Order events one bulk request may carry (docs/api.md, "Bulk order events"). */
export const MAX_EVENTS_PER_REQUEST = 1000;

/**
 * Records many order events of one shop at once, each with its own outcome (in the events' order)
 * exactly as the single use cases would give it one by one: placed, delivered, returned,
 * cancelled, idempotent per event, one event's refusal never affecting another's.
 *
 * Set-based: the placed orders' facts are read in one query, then the events are written in
 * rounds. Round n holds each order's n-th event (and each return id's), so events of one order
 * apply in the request's order; each round writes each kind with one statement through the same
 * writers as the single routes (`applyRound`). A request is not one transaction: like the same
 * events sent one by one, each write stands on its own, and a retry of the request after a
 * failure changes nothing that was recorded (every event is idempotent by its own ids).
 */
export async function recordOrderEvents(
  ctx: AppContext,
  shopId: string,
  events: OrderEvent[],
): Promise<OrderEventOutcome[]> {
  const now = ctx.clock.now();
  const outcomes: (OrderEventOutcome | undefined)[] = new Array(events.length);
  const placed = await decidePlacedOrders(ctx, shopId, events, now, outcomes);
  const delivers = events.some((e) => e.kind === 'delivered');
  const settings = delivers ? (await findProgram(ctx.db, shopId))?.settings : undefined;
  const state: BatchState = { db: ctx.db, shopId, now, events, placed, outcomes, settings };
  for (const round of roundsOf(events, outcomes)) await applyRound(state, round);
  return outcomes.map((o, i) => o ?? unanswered(events[i]!));
}

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
  outcomes: (OrderEventOutcome | undefined)[],
): Promise<Map<number, DecidedOrder>> {
  const indexes = events.flatMap((e, i) => (e.kind === 'placed' ? [i] : []));
  const inputs = indexes.map((i) => {
    const { order } = events[i] as Extract<OrderEvent, { kind: 'placed' }>;
    return order.shopId === shopId ? order : { ...order, shopId };
  });
  const facts = inputs.length ? await loadSalesFacts(ctx.db, inputs) : [];
  const decided = new Map<number, DecidedOrder>();
  indexes.forEach((index, n) => {
    const input = inputs[n]!;
    const fact = facts[n]!;
    const decision = fact instanceof DomainError ? fact : tryRule(() => decideOrder(input, fact));
    if (decision instanceof DomainError) outcomes[index] = { kind: 'placed', error: decision };
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
