import type { AppContext } from '../../src/app/context.ts';
import { deliverOrder } from '../../src/app/orders/deliver-order.ts';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import { type ReturnResult, returnItems } from '../../src/app/orders/return-items.ts';
import type { ManualClock } from '../../src/clock.ts';
import { oneLineOrder } from './fixtures.ts';

/** Places and delivers a oneLineOrder at `at`, moving the clock there first. */
export async function delivered(
  app: { ctx: AppContext; clock: ManualClock },
  shopId: string,
  orderId: string,
  customerId: string | null,
  unitCents: number,
  at: string,
  quantity = 1,
): Promise<void> {
  app.clock.set(at);
  await placeOrder(app.ctx, oneLineOrder(shopId, orderId, customerId, new Date(at), unitCents, quantity));
  await deliverOrder(app.ctx, { shopId, orderId });
}

/** One unit of the order's first line sent back as `returnId`: reported now, returned at `returnedAt` if given. */
export function returnedOne(
  ctx: AppContext,
  shopId: string,
  orderId: string,
  returnId: string,
  returnedAt?: Date,
): Promise<ReturnResult> {
  const lines = [{ lineNo: 1, quantity: 1 }];
  return returnItems(ctx, { shopId, orderId, returnId, lines, ...(returnedAt ? { returnedAt } : {}) });
}

/** A billing month's lines as [kind, amount, basis], the figures the tests compare. */
export const kinds = (lines: { kind: string; amountCents: number; basisCents: number }[]) =>
  lines.map((l) => [l.kind, l.amountCents, l.basisCents]);
