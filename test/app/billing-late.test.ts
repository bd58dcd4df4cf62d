import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { setShopPrice } from '../../src/app/billing/billing-account.ts';
import { closeDueBillingMonths } from '../../src/app/billing/close-months.ts';
import { monthStatement } from '../../src/app/billing/month-statement.ts';
import type { AppContext } from '../../src/app/context.ts';
import { cancelOrder } from '../../src/app/orders/cancel-order.ts';
import { deliverOrder } from '../../src/app/orders/deliver-order.ts';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import type { ManualClock } from '../../src/clock.ts';
import { signedInAdmin } from '../admin/support/admin-client.ts';
import { delivered, returnedOne } from '../support/billing.ts';
import { testApp } from '../support/database.ts';
import { oneLineOrder, publishedShopWithMember } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';

const lines = (statement: {
  lines: { kind: string; amountCents: number; basisCents: number; forPeriod: string | null }[];
}) => statement.lines.map((l) => [l.kind, l.amountCents, l.basisCents, l.forPeriod]);

/** A shop published 16 December 2026 10:00 in Helsinki, with member c1. */
async function shopWithMember(ctx: AppContext, clock: ManualClock, shopId: string) {
  clock.set('2026-12-16T08:00:00Z');
  await publishedShopWithMember(ctx, shopId);
}

/** January 1 2027, 00:00:05 in Helsinki: the monthly job has just closed December. */
const DECEMBER_CLOSED = '2026-12-31T22:00:05Z';

describe('billing: events reported after their month closed', () => {
  const app = suiteFixture(() => testApp('2026-12-16T08:00:00Z'));

  test('a delivery at 23:30 on 31 December, reported at 00:30 on 1 January, is billed once, in January, naming December', async () => {
    await shopWithMember(app.ctx, app.clock, 'late');
    await delivered(app, 'late', 'on-time', 'c1', 100_000, '2026-12-20T10:00:00Z');
    app.clock.set('2026-12-31T21:00:00Z');
    await placeOrder(app.ctx, oneLineOrder('late', 'late', 'c1', app.clock.now(), 20_000));

    app.clock.set(DECEMBER_CLOSED);
    assert.deepEqual(
      (await closeDueBillingMonths(app.ctx)).closed.map((m) => [m.period, m.totalCents]),
      [['2026-12', 1497 + 1500]],
    );

    app.clock.set('2026-12-31T22:30:00Z'); // 00:30 on 1 January in Helsinki
    await deliverOrder(app.ctx, {
      shopId: 'late',
      orderId: 'late',
      deliveredAt: new Date('2026-12-31T21:30:00Z'), // 23:30 on 31 December
    });
    // Delivered at midnight exactly: January's own.
    await placeOrder(app.ctx, oneLineOrder('late', 'new-year', 'c1', app.clock.now(), 10_000));
    await deliverOrder(app.ctx, {
      shopId: 'late',
      orderId: 'new-year',
      deliveredAt: new Date('2026-12-31T22:00:00Z'),
    });

    const december = await monthStatement(app.ctx, 'late', '2026-12');
    assert.equal(december.status, 'closed');
    assert.equal(december.totalCents, 2997, 'a closed month never changes');
    const january = await monthStatement(app.ctx, 'late');
    assert.equal(january.period, '2027-01');
    assert.deepEqual(lines(january), [
      ['fee', 2900, 2900, null],
      ['commission', 150, 10_000, null],
      ['late_commission', 300, 20_000, '2026-12'],
    ]);
    assert.equal(january.totalCents, 3350);

    // The price changed since: the correction keeps December's rate.
    await setShopPrice(app.ctx, 'late', { monthlyFeeCents: 2900, commissionBp: 300 });
    assert.deepEqual(lines(await monthStatement(app.ctx, 'late')).at(-1), [
      'late_commission',
      300,
      20_000,
      '2026-12',
    ]);

    app.clock.set('2027-01-31T22:00:05Z');
    const closed = await closeDueBillingMonths(app.ctx);
    assert.deepEqual(
      closed.closed.map((m) => lines(m)),
      [
        [
          ['fee', 2900, 2900, null],
          ['commission', 300, 10_000, null],
          ['late_commission', 300, 20_000, '2026-12'],
        ],
      ],
    );
    const february = await monthStatement(app.ctx, 'late');
    assert.deepEqual(
      lines(february),
      [
        ['fee', 2900, 2900, null],
        ['commission', 0, 0, null],
      ],
      'billed once: February carries nothing for it',
    );
  });

  test('a return and a cancellation reported after their month closed are credited in the next month', async () => {
    await shopWithMember(app.ctx, app.clock, 'back');
    // Before billing started (16 December): never billed, nor what comes back of it.
    await delivered(app, 'back', 'before', 'c1', 50_000, '2026-12-10T10:00:00Z');
    await delivered(app, 'back', 'two', 'c1', 5000, '2026-12-20T10:00:00Z', 2);
    await delivered(app, 'back', 'gone', 'c1', 40_000, '2026-12-20T10:00:00Z');
    app.clock.set(DECEMBER_CLOSED);
    await closeDueBillingMonths(app.ctx);

    app.clock.set('2027-01-03T10:00:00Z');
    const inDecember = new Date('2026-12-28T10:00:00Z');
    await returnedOne(app.ctx, 'back', 'two', 'r-late', inDecember);
    await cancelOrder(app.ctx, { shopId: 'back', orderId: 'gone', cancelledAt: inDecember });
    await returnedOne(app.ctx, 'back', 'before', 'r-before', inDecember);
    assert.deepEqual(lines(await monthStatement(app.ctx, 'back')), [
      ['fee', 2900, 2900, null],
      ['commission', 0, 0, null],
      ['late_return_credit', -675, 45_000, '2026-12'],
    ]);
  });

  test('a return reported late with a moment before its delivery: the delivery counted too much, credited once', async () => {
    await shopWithMember(app.ctx, app.clock, 'early');
    await delivered(app, 'early', 'o', 'c1', 5000, '2026-12-20T10:00:00Z', 2);
    app.clock.set(DECEMBER_CLOSED);
    await closeDueBillingMonths(app.ctx);
    assert.deepEqual(lines(await monthStatement(app.ctx, 'early', '2026-12'))[1], [
      'commission',
      150,
      10_000,
      null,
    ]);

    app.clock.set('2027-01-05T10:00:00Z');
    await returnedOne(app.ctx, 'early', 'o', 'r1', new Date('2026-12-19T10:00:00Z'));
    assert.deepEqual(lines(await monthStatement(app.ctx, 'early')).slice(2), [
      ['late_return_credit', -75, 5000, '2026-12'],
    ]);
    app.clock.set('2027-01-31T22:00:05Z');
    await closeDueBillingMonths(app.ctx);
    assert.deepEqual(
      lines(await monthStatement(app.ctx, 'early')).slice(2),
      [],
      'February carries nothing more',
    );
  });

  test('a month closed before late events were recorded takes no corrections', async () => {
    await shopWithMember(app.ctx, app.clock, 'legacy');
    app.clock.set('2026-12-20T10:00:00Z');
    await placeOrder(app.ctx, oneLineOrder('legacy', 'o', 'c1', app.clock.now(), 10_000));
    // December as an older version closed it: the month and its lines, no events.
    await sql`insert into billing_months
        (shop_id, period, time_zone, monthly_fee_cents, commission_bp, total_cents, closed_at, events_recorded)
      values ('legacy', '2026-12', 'Europe/Helsinki', 2900, 150, 1497, ${new Date(DECEMBER_CLOSED)}, false)`.execute(
      app.ctx.db,
    );
    app.clock.set('2027-01-02T10:00:00Z');
    await deliverOrder(app.ctx, {
      shopId: 'legacy',
      orderId: 'o',
      deliveredAt: new Date('2026-12-30T10:00:00Z'),
    });
    assert.deepEqual(lines(await monthStatement(app.ctx, 'legacy')), [
      ['fee', 2900, 2900, null],
      ['commission', 0, 0, null],
    ]);
  });
});

describe('billing: the merchant’s billing page shows a correction with the month it belongs to', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('page', async ({ ctx, clock }) => {
      await shopWithMember(ctx, clock, 'page');
      clock.set('2026-12-31T21:00:00Z');
      await placeOrder(ctx, oneLineOrder('page', 'late', 'c1', clock.now(), 20_000));
      clock.set(DECEMBER_CLOSED);
      await closeDueBillingMonths(ctx);
      clock.set('2026-12-31T22:30:00Z');
      await deliverOrder(ctx, {
        shopId: 'page',
        orderId: 'late',
        deliveredAt: new Date('2026-12-31T21:30:00Z'),
      });
    }),
  );

  test('in English and in Finnish', async () => {
    const page = await admin.client.get('/admin/billing');
    assert.equal(page.status, 200);
    const row = /<tr data-kind="late_commission">([\s\S]*?)<\/tr>/.exec(page.text)?.[1] ?? '';
    const text = row.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    assert.match(
      text,
      /Commission reported late 1\.5 % of €200\.00 from December 2026, reported after it closed €3\.00/,
    );
    const finnish = await admin.client.get('/admin/billing', { 'accept-language': 'fi' });
    assert.match(finnish.text, /Myöhässä ilmoitettu provisio/);
    assert.match(finnish.text, /ilmoitettu kuukauden sulkemisen jälkeen/);
  });
});
