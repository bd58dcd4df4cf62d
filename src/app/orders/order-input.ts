import type { Channel } from '../../db/schema.ts';
import type { OrderAmountsInput, OrderLineInput } from '../../domain/earning/eligible-amount.ts';

/**
 * An order as a store reports it. Its own module, so that placing an order (place-order.ts), the
 * facts it is decided on (order-facts.ts) and its insert (insert-order.ts) all use it without
 * importing one another in a circle.
 */
export interface PlaceOrderInput extends OrderAmountsInput {
  shopId: string;
  orderId: string;
  customerId: string | null;
  storeVersionId: string;
  channel: Channel;
  /** Logged in to the web shop, or identified at the till. */
  loggedIn: boolean;
  placedAt: Date;
  loyaltyCode?: string | null;
  lines: OrderLineInput[];
}
