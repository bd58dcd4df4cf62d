import type { PlaceOrderInput } from '../src/app/orders/place-order.ts';

/** The members of bench:ledger's shop `bench`: c0 … c199. */
export const LEDGER_BENCH_CUSTOMERS = 200;

/** bench:ledger's i-th delivered order: two lines, a discount and shipping, by member i mod 200. */
export function ledgerBenchOrder(i: number, prefix: string): PlaceOrderInput {
  return {
    shopId: 'bench',
    orderId: `${prefix}-${i}`,
    customerId: `c${i % LEDGER_BENCH_CUSTOMERS}`,
    storeVersionId: 'web',
    channel: 'web',
    loggedIn: true,
    placedAt: new Date(),
    lines: [
      { productId: 'p1', quantity: 1 + (i % 3), unitPriceCents: 1990, lineDiscountCents: 0, giftCard: false },
      { productId: 'p2', quantity: 1, unitPriceCents: 4590, lineDiscountCents: 500, giftCard: false },
    ],
    orderDiscountCents: 300,
    codeDiscountCents: 0,
    shippingCents: 590,
    paymentFeeCents: 0,
  };
}
