import { eligibleCentsKept, type OrderAmountsInput } from '../earning/eligible-amount.ts';
import type { BillingSpan, MonthBasis } from './billing-month.ts';

/** A delivered order that earns (a member's, by the rule points use), as billing sees it. */
export interface BilledOrder {
  /** What the order keeps after every return so far. */
  keptEligibleCents: number;
  deliveredAt: Date;
  cancelledAt: Date | null;
  /** The order's amounts and its lines' numbers, needed only when it has returns. */
  amounts?: OrderAmountsInput;
  lineNos?: number[];
  returns: { id: string; at: Date; lines: { lineNo: number; quantity: number }[] }[];
}

export interface BillingEvent {
  kind: 'delivery' | 'return' | 'cancellation';
  at: Date;
  /** Eligible value delivered, or taken back. */
  cents: number;
  /** The return's id, on a return. */
  returnId?: string;
}

/**
 * What an order adds to and takes from the commission's basis, and when. The delivery counts the
 * eligible value kept when it was delivered (a return before delivery lowers it, as it lowers the
 * points); each later return takes back the eligible value of its units, computed as for points
 * (`eligibleCentsKept` before and after it); cancelling a delivered order takes back what it
 * still kept.
 */
export function orderBillingEvents(order: BilledOrder): BillingEvent[] {
  const returns = [...order.returns].sort(
    (a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : 1),
  );
  const events: BillingEvent[] = [];
  let delivered = order.keptEligibleCents;
  if (returns.length > 0 && order.amounts && order.lineNos) {
    const { amounts, lineNos } = order;
    const returned = lineNos.map(() => 0);
    let kept = eligibleCentsKept(amounts, returned);
    delivered = kept;
    for (const r of returns) {
      for (const line of r.lines) {
        const index = lineNos.indexOf(line.lineNo);
        if (index >= 0) returned[index]! += line.quantity;
      }
      const after = eligibleCentsKept(amounts, returned);
      if (r.at.getTime() <= order.deliveredAt.getTime()) delivered = after;
      else events.push({ kind: 'return', at: r.at, cents: kept - after, returnId: r.id });
      kept = after;
    }
  }
  events.unshift({ kind: 'delivery', at: order.deliveredAt, cents: delivered });
  if (order.cancelledAt) {
    events.push({ kind: 'cancellation', at: order.cancelledAt, cents: order.keptEligibleCents });
  }
  return events;
}

/**
 * The basis of a month's commission lines: deliveries in the window [from, to), and what came back
 * in it from orders whose delivery was billed (delivered while billing ran).
 */
export function monthBasis(
  orders: readonly BilledOrder[],
  window: { from: Date; to: Date },
  span: BillingSpan,
): MonthBasis {
  const basis: MonthBasis = { deliveredCents: 0, returnedCents: 0 };
  for (const order of orders) {
    if (!deliveredWhileBilled(order, span)) continue;
    for (const event of orderBillingEvents(order)) {
      if (!within(event.at, window.from, window.to) || event.cents <= 0) continue;
      if (event.kind === 'delivery') basis.deliveredCents += event.cents;
      else basis.returnedCents += event.cents;
    }
  }
  return basis;
}

/** Whether `at` lies in [from, to); a null `to` is open-ended. */
export function within(at: Date, from: Date, to: Date | null): boolean {
  return at.getTime() >= from.getTime() && (to === null || at.getTime() < to.getTime());
}

/** Only an order delivered while billing ran is billed, with what later comes back of it. */
export function deliveredWhileBilled(order: BilledOrder, span: BillingSpan): boolean {
  return within(order.deliveredAt, span.startedAt, span.endedAt);
}
