import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import { dashboardFigures } from '../../src/app/reports/dashboard.ts';
import { ordersReport } from '../../src/app/reports/orders-report.ts';
import { insertCode, publishedShop } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { signedInAdmin } from './support/admin-client.ts';

/** Each value a safe integer; any two of them add up beyond 2^53. */
const HUGE = 5_000_000_000_000_000;

describe('report totals never leave the safe integer range', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('sums', async ({ ctx }) => {
      await publishedShop(ctx, 'sums');
      await joinProgram(ctx, { shopId: 'sums', customerId: 'c1', source: 'registration' });
      for (const id of ['a', 'b']) {
        await placeOrder(ctx, {
          shopId: 'sums',
          orderId: id,
          customerId: 'c1',
          storeVersionId: 'fi',
          channel: 'web',
          loggedIn: true,
          placedAt: new Date('2026-06-10T09:00:00Z'),
          lines: [
            { productId: 'p', quantity: 1, unitPriceCents: 1000, lineDiscountCents: 0, giftCard: false },
          ],
          orderDiscountCents: 0,
          codeDiscountCents: 0,
          shippingCents: 0,
          paymentFeeCents: 0,
        });
        await insertCode(ctx, {
          shopId: 'sums',
          code: `CODE-${id}`,
          customerId: id === 'a' ? 'c1' : 'c2',
          period: '2026-06',
          valueCents: HUGE,
        });
      }
      // Totals over very many bounded orders, stood in for by two rows of huge amounts.
      await sql`update orders set product_cents = ${HUGE}, kept_eligible_cents = ${HUGE}, eligible_cents = ${HUGE}
        where shop_id = 'sums'`.execute(ctx.db);
      await sql`update order_figure_changes set cents = ${HUGE} where shop_id = 'sums'`.execute(ctx.db);
    }),
  );

  test('the orders report clamps its totals instead of failing', async () => {
    const report = await ordersReport(admin.ctx, 'sums', {
      range: { from: '2026-06-01', to: '2026-06-30' },
      timeZone: 'Europe/Helsinki',
      membersOnly: false,
    });
    assert.equal(report.totals.productCents, Number.MAX_SAFE_INTEGER);
    assert.equal(report.totals.eligibleCents, Number.MAX_SAFE_INTEGER);
    assert.equal((await admin.client.get('/admin/orders?from=2026-06-01&to=2026-06-30')).status, 200);
  });

  test('the dashboard, its JSON and the codes list answer', async () => {
    const json = await admin.client.get('/admin/program/dashboard.json?from=2026-06-01&to=2026-06-30', {
      accept: 'application/json',
    });
    assert.equal(json.status, 200, json.text.slice(0, 300));
    const figures = await dashboardFigures(
      admin.ctx,
      'sums',
      { from: '2026-06-01', to: '2026-06-30' },
      'Europe/Helsinki',
    );
    assert.equal(figures.totals.issuedCents, Number.MAX_SAFE_INTEGER);
    assert.equal(figures.totals.allOrderCents, Number.MAX_SAFE_INTEGER);
    const page = await admin.client.get('/admin/program?from=2026-06-01&to=2026-06-30');
    assert.equal(page.status, 200, page.text.slice(0, 2000));
    assert.equal((await admin.client.get('/admin/codes')).status, 200);
  });
});
