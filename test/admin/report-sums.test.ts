import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import { dashboardFigures } from '../../src/app/reports/dashboard.ts';
import { ordersReport } from '../../src/app/reports/orders-report.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { insertCode, publishedShop } from '../support/fixtures.ts';
import { type AdminClient, adminServer, signedInClient } from './support/admin-client.ts';

/** Each value a safe integer; any two of them add up beyond 2^53. */
const HUGE = 5_000_000_000_000_000;

describe('report totals never leave the safe integer range', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let client: AdminClient;
  before(async () => {
    app = await testApp('2026-06-15T10:00:00Z');
    await publishedShop(app.ctx, 'sums');
    await joinProgram(app.ctx, { shopId: 'sums', customerId: 'c1', source: 'registration' });
    for (const id of ['a', 'b']) {
      await placeOrder(app.ctx, {
        shopId: 'sums',
        orderId: id,
        customerId: 'c1',
        storeVersionId: 'fi',
        channel: 'web',
        loggedIn: true,
        placedAt: new Date('2026-06-10T09:00:00Z'),
        lines: [{ productId: 'p', quantity: 1, unitPriceCents: 1000, lineDiscountCents: 0, giftCard: false }],
        orderDiscountCents: 0,
        codeDiscountCents: 0,
        shippingCents: 0,
        paymentFeeCents: 0,
      });
      await insertCode(app.ctx, {
        shopId: 'sums',
        code: `CODE-${id}`,
        customerId: id === 'a' ? 'c1' : 'c2',
        period: '2026-06',
        valueCents: HUGE,
      });
    }
    // Totals over very many bounded orders, stood in for by two rows of huge amounts.
    await sql`update orders set product_cents = ${HUGE}, kept_eligible_cents = ${HUGE}, eligible_cents = ${HUGE}
      where shop_id = 'sums'`.execute(app.ctx.db);
    await sql`update order_figure_changes set cents = ${HUGE} where shop_id = 'sums'`.execute(app.ctx.db);
    server = await adminServer(app.ctx);
    client = await signedInClient(server, app.ctx, 'sums');
  });
  after(async () => {
    await server.close();
    await app.close();
  });

  test('the orders report clamps its totals instead of failing', async () => {
    const report = await ordersReport(app.ctx, 'sums', {
      range: { from: '2026-06-01', to: '2026-06-30' },
      timeZone: 'Europe/Helsinki',
      membersOnly: false,
    });
    assert.equal(report.totals.productCents, Number.MAX_SAFE_INTEGER);
    assert.equal(report.totals.eligibleCents, Number.MAX_SAFE_INTEGER);
    assert.equal((await client.get('/admin/orders?from=2026-06-01&to=2026-06-30')).status, 200);
  });

  test('the dashboard, its JSON and the codes list answer', async () => {
    const json = await client.get('/admin/program/dashboard.json?from=2026-06-01&to=2026-06-30', {
      accept: 'application/json',
    });
    assert.equal(json.status, 200, json.text.slice(0, 300));
    const figures = await dashboardFigures(
      app.ctx,
      'sums',
      { from: '2026-06-01', to: '2026-06-30' },
      'Europe/Helsinki',
    );
    assert.equal(figures.totals.issuedCents, Number.MAX_SAFE_INTEGER);
    assert.equal(figures.totals.allOrderCents, Number.MAX_SAFE_INTEGER);
    const page = await client.get('/admin/program?from=2026-06-01&to=2026-06-30');
    assert.equal(page.status, 200, page.text.slice(0, 2000));
    assert.equal((await client.get('/admin/codes')).status, 200);
  });
});
