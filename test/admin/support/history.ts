import type { AppContext } from '../../../src/app/context.ts';
import { upsertCustomer } from '../../../src/app/customers/upsert-customer.ts';
import { cancelOrder } from '../../../src/app/orders/cancel-order.ts';
import { deliverOrder } from '../../../src/app/orders/deliver-order.ts';
import { placeOrder } from '../../../src/app/orders/place-order.ts';
import { returnItems } from '../../../src/app/orders/return-items.ts';
import { approveReview, submitReview } from '../../../src/app/reviews/reviews.ts';
import type { ManualClock } from '../../../src/clock.ts';
import type { ProgramSettings } from '../../../src/domain/program/settings.ts';
import { publishedShop } from '../../support/fixtures.ts';

/**
 * A small history in Europe/Helsinki (UTC+3 in summer) whose estimate is worked out by hand in
 * simulation.test.ts. Customers c1–c3 registered on 2026-04-20; c4 and c6 in May (c6 at 00:30
 * local on May 1); c5 at 00:30 local on June 1. Orders counted for May at 1 point per euro:
 * o1 c1 150.00 (fi), o2 c1 120.50 (fi), o3 c2 99.99 (en), o9 c4 250.00 of which 50.00 returned
 * (fi, delivered 23:59 local on May 31). Not counted: o4 (b2b), o5 (not logged in), o6 (guest),
 * o7 (cancelled), o8 (delivered 23:59:59 local on April 30), o10 (not delivered).
 * First approved reviews in May: o1 (twice approved), o3, and o8 (an April order).
 */
export async function historyShop(
  ctx: AppContext,
  clock: ManualClock,
  shopId: string,
  settings: Partial<ProgramSettings> = {},
): Promise<void> {
  clock.set('2026-04-20T09:00:00Z');
  await publishedShop(ctx, shopId, settings);
  const customers: [string, string][] = [
    ['c4', '2026-05-03T12:00:00Z'],
    ['c5', '2026-05-31T21:30:00Z'],
    ['c6', '2026-04-30T21:30:00Z'],
  ];
  for (const [id, at] of customers) {
    await upsertCustomer(ctx, {
      shopId,
      customerId: id,
      email: `${id}@example.com`,
      name: `Customer ${id}`,
      registeredAt: new Date(at),
    });
  }
  const order = async (
    id: string,
    customerId: string | null,
    cents: number[],
    placedAt: string,
    opts: { version?: string; loggedIn?: boolean; deliveredAt?: string } = {},
  ) => {
    await placeOrder(ctx, {
      shopId,
      orderId: id,
      customerId,
      storeVersionId: opts.version ?? 'fi',
      channel: 'web',
      loggedIn: opts.loggedIn ?? customerId !== null,
      placedAt: new Date(placedAt),
      lines: cents.map((c, i) => ({
        productId: `p${i + 1}`,
        category: null,
        quantity: 1,
        unitPriceCents: c,
        lineDiscountCents: 0,
        giftCard: false,
      })),
      orderDiscountCents: 0,
      codeDiscountCents: 0,
      shippingCents: 490,
      paymentFeeCents: 0,
    });
    if (opts.deliveredAt)
      await deliverOrder(ctx, { shopId, orderId: id, deliveredAt: new Date(opts.deliveredAt) });
  };
  await order('o1', 'c1', [15000], '2026-05-04T10:00:00Z', { deliveredAt: '2026-05-05T10:00:00Z' });
  await order('o2', 'c1', [12050], '2026-05-18T10:00:00Z', { deliveredAt: '2026-05-20T10:00:00Z' });
  await order('o3', 'c2', [9999], '2026-05-09T10:00:00Z', {
    version: 'en',
    deliveredAt: '2026-05-10T10:00:00Z',
  });
  await order('o4', 'c2', [50000], '2026-05-09T10:00:00Z', {
    version: 'b2b',
    deliveredAt: '2026-05-10T10:00:00Z',
  });
  await order('o5', 'c3', [30000], '2026-05-11T10:00:00Z', {
    loggedIn: false,
    deliveredAt: '2026-05-12T10:00:00Z',
  });
  await order('o6', null, [40000], '2026-05-11T10:00:00Z', { deliveredAt: '2026-05-12T10:00:00Z' });
  await order('o7', 'c3', [8000], '2026-05-13T10:00:00Z');
  await cancelOrder(ctx, { shopId, orderId: 'o7', cancelledAt: new Date('2026-05-14T10:00:00Z') });
  await order('o8', 'c3', [6000], '2026-04-28T10:00:00Z', { deliveredAt: '2026-04-30T20:59:59Z' });
  await order('o9', 'c4', [20000, 5000], '2026-05-25T10:00:00Z', { deliveredAt: '2026-05-31T20:59:00Z' });
  await returnItems(ctx, {
    shopId,
    orderId: 'o9',
    returnId: 'r9',
    lines: [{ lineNo: 2, quantity: 1 }],
    returnedAt: new Date('2026-06-02T10:00:00Z'),
  });
  await order('o10', 'c3', [7000], '2026-05-30T10:00:00Z');

  const review = async (id: string, orderId: string, approvedAt: string | null) => {
    await submitReview(ctx, {
      shopId,
      reviewId: id,
      orderId,
      productId: 'p1',
      submittedAt: new Date('2026-05-01T06:00:00Z'),
    });
    if (approvedAt) {
      clock.set(approvedAt);
      await approveReview(ctx, { shopId, reviewId: id });
    }
  };
  await review('rv1', 'o1', '2026-05-06T10:00:00Z');
  await review('rv1b', 'o1', '2026-05-07T10:00:00Z');
  await review('rv3', 'o3', '2026-05-12T10:00:00Z');
  await review('rv2', 'o2', null);
  await review('rv8', 'o8', '2026-05-02T10:00:00Z');
  clock.set('2026-06-15T10:00:00Z');
}
