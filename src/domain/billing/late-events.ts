import { periodOf } from '../conversion/code-validity.ts';
import type { BillingSpan, InvoiceLine } from './billing-month.ts';
import {
  type BilledOrder,
  type BillingEvent,
  deliveredWhileBilled,
  orderBillingEvents,
  within,
} from './order-events.ts';
import { commissionCents } from './price.ts';

/** A delivered order as billing sees it, with the id its events are keyed by. */
export interface KeyedOrder extends BilledOrder {
  orderId: string;
}

/** A billing event with the key a closed month records it under. */
export interface KeyedEvent extends BillingEvent {
  key: string;
}

/** The eligible value a closed month billed for an event; a correction holds the difference. */
export interface BilledEvent {
  key: string;
  cents: number;
}

/**
 * The order's billing events with their keys: `delivery:<order>`, `return:<return id>`,
 * `cancellation:<order>`. A return at or before the delivery is part of what the delivery counts;
 * it is listed too, at the delivery's moment and with no value of its own, so that one reported
 * after the delivery's month closed is noticed (it lowers what the delivery counts).
 */
export function keyedEvents(order: KeyedOrder): KeyedEvent[] {
  const events: KeyedEvent[] = orderBillingEvents(order).map((event) => ({
    ...event,
    key: event.kind === 'return' ? `return:${event.returnId}` : `${event.kind}:${order.orderId}`,
  }));
  for (const r of order.returns) {
    if (r.at.getTime() > order.deliveredAt.getTime()) continue;
    events.push({ kind: 'return', at: order.deliveredAt, cents: 0, returnId: r.id, key: `return:${r.id}` });
  }
  return events;
}

/** What an event adds to a basis: its eligible value, never less than nothing. */
const billable = (event: BillingEvent) => Math.max(0, event.cents);

/**
 * Every event a month's close bills in its window [from, to), each with the value its own lines
 * counted (`monthBasis`), so that an event reported after the close is known not to be billed.
 */
export function windowEvents(
  orders: readonly KeyedOrder[],
  window: { from: Date; to: Date },
  span: BillingSpan,
): BilledEvent[] {
  const billed: BilledEvent[] = [];
  for (const order of orders) {
    if (!deliveredWhileBilled(order, span)) continue;
    for (const event of keyedEvents(order)) {
      if (within(event.at, window.from, window.to)) billed.push({ key: event.key, cents: billable(event) });
    }
  }
  return billed;
}

export interface LateEventsInput {
  /** Orders with an event in a closed month that is not billed as it is now (the candidates). */
  orders: readonly KeyedOrder[];
  /** What the closed months billed so far, by event key (the sum of its rows). */
  billed: ReadonlyMap<string, number>;
  /** The closed months that recorded their events, with the commission they were closed with. */
  closed: ReadonlyMap<string, number>;
  timeZone: string;
  span: BillingSpan;
  /** The start of the month that bills the corrections: only events before it are late. */
  before: Date;
}

/**
 * The corrections a month carries for events of closed months that those months did not bill as
 * they are now: an event reported after its month closed (a delivery sent days late with its
 * original moment), or a return reported late with a moment before its order's delivery (the
 * delivery then counts less). Per closed month, at the rate it was closed with: `late_commission`
 * on what was delivered and `late_return_credit` on what came back, each rounded half up on its
 * own. Returns the lines, oldest month first, and the differences to record as billed, so that
 * each is billed exactly once.
 */
export function lateCorrections(input: LateEventsInput): { lines: InvoiceLine[]; billed: BilledEvent[] } {
  const { span, before } = input;
  const sums = new Map<string, { delivered: number; returned: number }>();
  const billed: BilledEvent[] = [];
  for (const order of input.orders) {
    if (!deliveredWhileBilled(order, span)) continue;
    for (const event of keyedEvents(order)) {
      if (event.at.getTime() >= before.getTime() || !within(event.at, span.startedAt, span.endedAt)) continue;
      const period = periodOf(event.at, input.timeZone);
      if (!input.closed.has(period)) continue;
      const already = input.billed.get(event.key);
      const difference = billable(event) - (already ?? 0);
      if (already !== undefined && difference === 0) continue;
      billed.push({ key: event.key, cents: difference });
      const month = sums.get(period) ?? { delivered: 0, returned: 0 };
      if (event.kind === 'delivery') month.delivered += difference;
      else month.returned += difference;
      sums.set(period, month);
    }
  }
  const lines = [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([period, month]) => correctionLines(period, month, input.closed.get(period)!));
  return { lines, billed };
}

/**
 * A closed month's corrections. A delivery that now counts less is a credit, and a return that
 * now takes back less is a charge, so both bases end up zero or more.
 */
function correctionLines(
  period: string,
  month: { delivered: number; returned: number },
  rateBp: number,
): InvoiceLine[] {
  let { delivered, returned } = month;
  if (delivered < 0) [returned, delivered] = [returned - delivered, 0];
  if (returned < 0) [delivered, returned] = [delivered - returned, 0];
  const line = (kind: InvoiceLine['kind'], amountCents: number, basisCents: number): InvoiceLine => ({
    kind,
    amountCents,
    basisCents,
    rateBp,
    days: null,
    monthDays: null,
    forPeriod: period,
  });
  const lines: InvoiceLine[] = [];
  if (delivered > 0) lines.push(line('late_commission', commissionCents(delivered, rateBp), delivered));
  if (returned > 0) lines.push(line('late_return_credit', -commissionCents(returned, rateBp), returned));
  return lines;
}
