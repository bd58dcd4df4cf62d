import { DomainError } from '../../domain/errors.ts';
import type { CancelResult } from './cancel-orders-batch.ts';
import type { DeliverResult } from './deliver-orders-batch.ts';
import type { PlaceOrderInput } from './order-input.ts';
import type { PlaceOrderResult } from './place-orders-batch.ts';
import type { ReturnInput, ReturnResult } from './return-items-batch.ts';

/** One order event of a bulk request, as the single routes take it (the shop is the request's). */
export type OrderEvent =
  | { kind: 'placed'; order: PlaceOrderInput }
  | { kind: 'delivered'; orderId: string; deliveredAt?: Date }
  | ({ kind: 'returned' } & Omit<ReturnInput, 'shopId'>)
  | { kind: 'cancelled'; orderId: string; cancelledAt?: Date };

export type OrderEventKind = OrderEvent['kind'];

/** What one event did: the single use case's result, or the domain error it was refused with. */
export type OrderEventOutcome =
  | { kind: 'placed'; result: PlaceOrderResult }
  | { kind: 'delivered'; result: DeliverResult }
  | { kind: 'returned'; result: ReturnResult }
  | { kind: 'cancelled'; result: CancelResult }
  | { kind: OrderEventKind; error: DomainError };

/** Runs a rule: its value, or the domain error it refused with (anything else is thrown on). */
export function tryRule<T>(rule: () => T): T | DomainError {
  try {
    return rule();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

/** The order an event is about. */
export const orderIdOf = (event: OrderEvent) =>
  event.kind === 'placed' ? event.order.orderId : event.orderId;

/** An event about an order the shop does not have, answered as the single routes answer it. */
export const orderNotFound = (orderId: string) =>
  new DomainError('order_not_found', `Order "${orderId}" does not exist in this shop`);
