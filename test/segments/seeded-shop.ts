import { setMarketingConsent } from '../../src/app/consent/marketing-consent.ts';
import type { AppContext } from '../../src/app/context.ts';
import { adjustPoints } from '../../src/app/ledger/adjust-points.ts';
import { joinProgram, leaveProgram } from '../../src/app/members/join-program.ts';
import { cancelOrder } from '../../src/app/orders/cancel-order.ts';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import type { ManualClock } from '../../src/clock.ts';
import { insertCode, newCustomer, oneLineOrder, publishedShop } from '../support/fixtures.ts';

/** The moment the segment tests look from: 15 June 2026, 13:00 in Helsinki. */
export const NOW = '2026-06-15T10:00:00Z';

/**
 * A published shop `shopId` (Helsinki, tiers 100/250/500) with these current members:
 * - m1: joined 00:30 today Helsinki time (21:30 UTC yesterday), 50 points, consented, ordered
 *   59.90 € in `fi` yesterday, a code valid until 30 September;
 * - m2: joined 1 May, 240 points (10 to the next tier), never asked about consent, ordered
 *   100.00 € in `en` on 1 April, a code whose last valid day is 20 June;
 * - m3: joined 1 May, 600 points (past every tier), withdrew consent, one cancelled order in `fi`
 *   yesterday, a used code that would have expired on 20 June;
 * and m4, who left (300 points, consented), and c5, a customer who never joined.
 * The clock is left at NOW.
 */
export async function seedSegmentShop(ctx: AppContext, clock: ManualClock, shopId: string): Promise<void> {
  clock.set(new Date('2026-03-01T10:00:00Z'));
  await publishedShop(ctx, shopId);
  for (const id of ['m1', 'm2', 'm3', 'm4', 'c5']) await newCustomer(ctx, shopId, id);
  const join = (customerId: string) => joinProgram(ctx, { shopId, customerId, source: 'registration' });
  const points = (customerId: string, n: number) =>
    adjustPoints(ctx, { shopId, customerId, points: n, reason: 'seed', author: 'test' });

  clock.set(new Date('2026-05-01T10:00:00Z'));
  await join('m2');
  await join('m3');
  await join('m4');
  await points('m2', 240);
  await points('m3', 600);
  await points('m4', 300);
  await setMarketingConsent(ctx, { shopId, customerId: 'm3', granted: true, source: 'api' });
  await setMarketingConsent(ctx, { shopId, customerId: 'm4', granted: true, source: 'api' });
  await placeOrder(ctx, {
    ...oneLineOrder(shopId, 'o-m2', 'm2', new Date('2026-04-01T10:00:00Z'), 10_000),
    storeVersionId: 'en',
  });
  await insertCode(ctx, {
    shopId,
    code: 'M2-SOON',
    customerId: 'm2',
    // 00:00 on 21 June in Helsinki: the last valid day is 20 June.
    expiresAt: new Date('2026-06-20T21:00:00Z'),
  });
  await insertCode(ctx, {
    shopId,
    code: 'M3-USED',
    customerId: 'm3',
    expiresAt: new Date('2026-06-20T21:00:00Z'),
    status: 'used',
  });

  clock.set(new Date('2026-06-14T21:30:00Z'));
  await join('m1');
  await points('m1', 50);
  await setMarketingConsent(ctx, { shopId, customerId: 'm1', granted: true, source: 'storefront' });
  await placeOrder(ctx, oneLineOrder(shopId, 'o-m1', 'm1', new Date('2026-06-14T08:00:00Z'), 5_990));
  await placeOrder(ctx, oneLineOrder(shopId, 'o-m3', 'm3', new Date('2026-06-14T09:00:00Z'), 20_000));
  await cancelOrder(ctx, { shopId, orderId: 'o-m3' });
  await setMarketingConsent(ctx, { shopId, customerId: 'm3', granted: false, source: 'storefront' });
  await insertCode(ctx, {
    shopId,
    code: 'M1-LATER',
    customerId: 'm1',
    expiresAt: new Date('2026-09-30T21:00:00Z'),
  });
  await leaveProgram(ctx, { shopId, customerId: 'm4' });

  clock.set(new Date(NOW));
}
