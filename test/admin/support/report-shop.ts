import { adjustPoints } from '../../../src/app/ledger/adjust-points.ts';
import { joinProgram } from '../../../src/app/members/join-program.ts';
import { cancelOrder } from '../../../src/app/orders/cancel-order.ts';
import { deliverOrder } from '../../../src/app/orders/deliver-order.ts';
import { placeOrder } from '../../../src/app/orders/place-order.ts';
import type { TestApp } from '../../support/database.ts';
import { insertCode, newCustomer, publishedShop } from '../../support/fixtures.ts';

export const REPORT_SHOP = 'raportti';

/** Customers with the letters a Finnish export must keep (ä, ö, å) and long names that strain a column. */
export const REPORT_CUSTOMERS = [
  { id: 'k-aijala', name: 'Äijälä Öberg', member: true },
  { id: 'k-saaski', name: 'Sääski-Mäkelä Åsa', member: true },
  { id: 'k-virtanen', name: 'Virtanen-Hämäläinen Kristiina', member: false },
] as const;

/** 61 orders in June 2026, so that the report has a second page (50 a page). */
export const REPORT_ORDERS = 61;

/**
 * The order every test of the report's export looks at: placed by Äijälä Öberg in the Finnish web
 * shop on 5 June 2026 at 14:03 in Helsinki (11:03 UTC), delivered, products 1,250.00 with a 15.44
 * discount and 4.90 shipping: 1,239.46 in total, 1,234.56 earning points.
 */
export const BIG_ORDER = {
  id: 'T-1001',
  placedAt: new Date('2026-06-05T11:03:00Z'),
  customerName: 'Äijälä Öberg',
  totalCents: 123_946,
  eligibleCents: 123_456,
};

/**
 * A Finnish shop's June: three named customers (two of them members with a code and a manual
 * adjustment each), a big delivered order, a cancelled one, a sale at the till, a guest, and
 * enough small orders for a second page. The clock ends on 20 June 2026.
 */
export async function reportShop(app: TestApp): Promise<void> {
  const { ctx, clock } = app;
  clock.set('2026-05-20T09:00:00Z');
  await publishedShop(ctx, REPORT_SHOP);
  for (const c of REPORT_CUSTOMERS) {
    await newCustomer(ctx, REPORT_SHOP, c.id, { email: `${c.id}@esimerkki.fi`, name: c.name });
    if (c.member) await joinProgram(ctx, { shopId: REPORT_SHOP, customerId: c.id, source: 'registration' });
  }
  await placeOrder(ctx, {
    shopId: REPORT_SHOP,
    orderId: BIG_ORDER.id,
    customerId: 'k-aijala',
    storeVersionId: 'fi',
    channel: 'web',
    loggedIn: true,
    placedAt: BIG_ORDER.placedAt,
    lines: [
      { productId: 'sohva', quantity: 1, unitPriceCents: 125_000, lineDiscountCents: 1544, giftCard: false },
    ],
    orderDiscountCents: 0,
    codeDiscountCents: 0,
    loyaltyCode: null,
    shippingCents: 490,
    paymentFeeCents: 0,
  });
  clock.set('2026-06-08T10:00:00Z');
  await deliverOrder(ctx, { shopId: REPORT_SHOP, orderId: BIG_ORDER.id });
  for (let i = 0; i < REPORT_ORDERS - 1; i++) {
    const customer = [null, 'k-aijala', 'k-saaski', 'k-virtanen'][i % 4] ?? null;
    // The members' two used codes (below) were spent on T-2001 and T-2002.
    const code = ['', 'HJKM-NPQR-STUV-W', 'WXYZ-2345-6789-B'][i] || null;
    await placeOrder(ctx, {
      shopId: REPORT_SHOP,
      orderId: `T-${2000 + i}`,
      customerId: customer,
      storeVersionId: i % 5 === 0 ? 'en' : 'fi',
      channel: i % 7 === 3 ? 'pos' : 'web',
      loggedIn: customer !== null,
      placedAt: new Date(Date.UTC(2026, 5, 1 + (i % 14), 6 + (i % 12), i % 60)),
      lines: [
        {
          productId: `p${i}`,
          quantity: 1,
          unitPriceCents: 1990 + i * 37,
          lineDiscountCents: 0,
          giftCard: false,
        },
      ],
      orderDiscountCents: i % 3 === 0 ? 200 : 0,
      codeDiscountCents: code ? 500 : 0,
      loyaltyCode: code,
      shippingCents: 590,
      paymentFeeCents: 0,
    });
  }
  await cancelOrder(ctx, { shopId: REPORT_SHOP, orderId: 'T-2005' });
  clock.set('2026-06-10T07:00:00Z');
  await insertCode(ctx, {
    shopId: REPORT_SHOP,
    code: 'ABCD-EFGH-JKMN-P',
    customerId: 'k-aijala',
    valueCents: 1500,
    period: '2026-06',
  });
  await insertCode(ctx, {
    shopId: REPORT_SHOP,
    code: 'QRST-UVWX-YZ23-4',
    customerId: 'k-saaski',
    period: '2026-06',
  });
  for (const [code, customerId, orderId] of [
    ['HJKM-NPQR-STUV-W', 'k-aijala', 'T-2001'],
    ['WXYZ-2345-6789-B', 'k-saaski', 'T-2002'],
  ] as const) {
    await insertCode(ctx, {
      shopId: REPORT_SHOP,
      code,
      customerId,
      period: '2026-05',
      issuedAt: new Date('2026-05-01T07:00:00Z'),
      status: 'used',
      usedOrderId: orderId,
    });
  }
  for (const [customerId, reason] of [
    ['k-aijala', 'Palautettu lahjakortti, asiakaspalvelun päätös puhelimessa 9.6.'],
    ['k-saaski', 'Hyvitys myöhästyneestä toimituksesta'],
  ] as const) {
    await adjustPoints(ctx, {
      shopId: REPORT_SHOP,
      customerId,
      points: 25,
      reason,
      author: 'asiakaspalvelu.paallikko@raportti.example',
    });
  }
  clock.set('2026-06-20T10:00:00Z');
}
