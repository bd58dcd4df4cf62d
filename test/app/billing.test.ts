import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import {
  billingAccount,
  endSubscription,
  setShopPrice,
  subscribe,
} from '../../src/app/billing/billing-account.ts';
import { invoiceLineRows, invoiceLines } from '../../src/app/billing/billing-overview.ts';
import { closeDueBillingMonths, closeMonth } from '../../src/app/billing/close-months.ts';
import { monthStatement } from '../../src/app/billing/month-statement.ts';
import type { AppContext } from '../../src/app/context.ts';
import { cancelOrder } from '../../src/app/orders/cancel-order.ts';
import { createProgram, publishProgram, setVersionVisibility } from '../../src/app/program/manage-program.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { delivered, kinds, returnedOne } from '../support/billing.ts';
import { testApp } from '../support/database.ts';
import { publishedShop, publishedShopWithMember } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';

describe('billing: the SPEC example through the orders', () => {
  // Published 2026-12-16 10:00 in Helsinki.
  const app = suiteFixture(() => testApp('2026-12-16T08:00:00Z'));

  test('December to date, closed at January’s midnight; January credits a return of a December order', async () => {
    await publishedShopWithMember(app.ctx, 'spec');
    const account = await billingAccount(app.ctx, 'spec');
    assert.equal(account.state, 'published');
    assert.equal(account.billingStartedAt?.toISOString(), '2026-12-16T08:00:00.000Z');

    await delivered(app, 'spec', 'o1', 'c1', 390_000, '2026-12-20T10:00:00Z');
    await delivered(app, 'spec', 'o2', 'c1', 10_000, '2026-12-20T11:00:00Z');
    // Not members' orders: a customer who has not joined, and a guest.
    await delivered(app, 'spec', 'o3', 'c2', 50_000, '2026-12-20T12:00:00Z');
    await delivered(app, 'spec', 'o4', null, 70_000, '2026-12-20T13:00:00Z');

    // Hidden from every store version: billing goes on.
    await setVersionVisibility(app.ctx, 'spec', 'fi', false);
    await setVersionVisibility(app.ctx, 'spec', 'en', false);
    assert.equal((await billingAccount(app.ctx, 'spec')).state, 'published');

    const toDate = await monthStatement(app.ctx, 'spec');
    assert.equal(toDate.period, '2026-12');
    assert.equal(toDate.status, 'open');
    assert.deepEqual(kinds(toDate.lines), [
      ['fee', 1497, 2900],
      ['commission', 6000, 400_000],
    ]);
    assert.equal(toDate.totalCents, 7497);
    await assert.rejects(closeMonth(app.ctx, 'spec', '2026-12'), (e: unknown) => e instanceof DomainError);

    app.clock.set('2026-12-31T22:00:00Z'); // 1 January 00:00 in Helsinki
    const first = await closeDueBillingMonths(app.ctx);
    assert.deepEqual(
      first.closed.map((m) => [m.shopId, m.period, m.totalCents]),
      [['spec', '2026-12', 7497]],
    );
    const second = await closeDueBillingMonths(app.ctx);
    assert.deepEqual(second.closed, [], 'the job run twice closes nothing the second time');

    app.clock.set('2027-01-05T10:00:00Z');
    await returnedOne(app.ctx, 'spec', 'o2', 'r1');
    const december = await monthStatement(app.ctx, 'spec', '2026-12');
    assert.equal(december.status, 'closed');
    assert.equal(december.totalCents, 7497, 'a closed month never changes');
    const january = await monthStatement(app.ctx, 'spec');
    assert.equal(january.period, '2027-01');
    assert.deepEqual(kinds(january.lines), [
      ['fee', 2900, 2900],
      ['commission', 0, 0],
      ['return_credit', -150, 10_000],
    ]);

    app.clock.set('2027-02-01T08:00:00Z');
    await closeDueBillingMonths(app.ctx);
    const lines = await invoiceLines(app.ctx, 'spec');
    assert.deepEqual(
      lines.map((m) => [m.period, m.totalCents]),
      [
        ['2026-12', 7497],
        ['2027-01', 2750],
      ],
    );
    assert.deepEqual(
      invoiceLineRows(lines).map((r) => [r.period, r.lineNo, r.kind, r.amountCents]),
      [
        ['2026-12', 1, 'fee', 1497],
        ['2026-12', 2, 'commission', 6000],
        ['2027-01', 1, 'fee', 2900],
        ['2027-01', 2, 'commission', 0],
        ['2027-01', 3, 'return_credit', -150],
      ],
    );
  });

  test('closing the same month twice at once records it once', async () => {
    app.clock.set('2026-12-16T08:00:00Z');
    await publishedShop(app.ctx, 'twice');
    app.clock.set('2027-01-02T08:00:00Z');
    const both = await Promise.all([
      closeMonth(app.ctx, 'twice', '2026-12'),
      closeMonth(app.ctx, 'twice', '2026-12'),
    ]);
    assert.deepEqual(both.map((r) => r.outcome).sort(), ['already_closed', 'closed']);
    assert.deepEqual(both[0].statement, both[1].statement);
    const count = await sql<{ n: number }>`
      select count(*)::int as n from billing_invoice_lines where shop_id = ${'twice'}`.execute(app.ctx.db);
    assert.equal(count.rows[0]!.n, 2, 'one fee and one commission line');
  });

  test('closed months and their lines cannot be updated or deleted', async () => {
    app.clock.set('2026-12-16T08:00:00Z');
    await publishedShop(app.ctx, 'locked');
    app.clock.set('2027-01-02T08:00:00Z');
    await closeMonth(app.ctx, 'locked', '2026-12');
    await assert.rejects(
      sql`update billing_invoice_lines set amount_cents = 0 where shop_id = ${'locked'}`.execute(app.ctx.db),
      /append-only/,
    );
    await assert.rejects(
      sql`delete from billing_months where shop_id = ${'locked'}`.execute(app.ctx.db),
      /append-only/,
    );
  });
});

/** A month's statement of the shop, its lines as [kind, amount, basis]. */
const linesOf = async (ctx: AppContext, shopId: string, month: string) =>
  kinds((await monthStatement(ctx, shopId, month)).lines);

describe('billing: months in Helsinki time', () => {
  const app = suiteFixture(() => testApp('2027-03-27T22:30:00Z'));

  test('a shop published in the DST night of March; deliveries either side of April’s midnight', async () => {
    // 28 March 2027 00:30 EET: days 28–31 of 31.
    await publishedShopWithMember(app.ctx, 'dst');
    await delivered(app, 'dst', 'last', 'c1', 10_000, '2027-03-31T20:59:59Z'); // 23:59:59 EEST
    await delivered(app, 'dst', 'first', 'c1', 20_000, '2027-03-31T21:00:00Z'); // 1 April 00:00 EEST
    assert.deepEqual(await linesOf(app.ctx, 'dst', '2027-03'), [
      ['fee', 374, 2900],
      ['commission', 150, 10_000],
    ]);
    assert.deepEqual(await linesOf(app.ctx, 'dst', '2027-04'), [
      ['fee', 2900, 2900],
      ['commission', 300, 20_000],
    ]);
  });

  test('October’s DST end: a cancellation in November credits what the October delivery billed', async () => {
    app.clock.set('2026-10-25T01:30:00Z'); // 03:30 EET, after the clocks went back
    await publishedShopWithMember(app.ctx, 'oct');
    await delivered(app, 'oct', 'o1', 'c1', 40_000, '2026-10-31T21:59:59Z'); // 23:59:59 EET
    app.clock.set('2026-10-31T22:00:00Z'); // 1 November 00:00 EET
    await cancelOrder(app.ctx, { shopId: 'oct', orderId: 'o1' });
    assert.deepEqual(await linesOf(app.ctx, 'oct', '2026-10'), [
      ['fee', 655, 2900],
      ['commission', 600, 40_000],
    ]);
    assert.deepEqual(await linesOf(app.ctx, 'oct', '2026-11'), [
      ['fee', 2900, 2900],
      ['commission', 0, 0],
      ['return_credit', -600, 40_000],
    ]);
  });
});

describe('billing: the subscription', () => {
  const app = suiteFixture(() => testApp('2026-12-10T08:00:00Z'));

  test('trying → subscribed → published at the first publishing → ended by the operator', async () => {
    await createShop(app.ctx, {
      id: 'sub',
      name: 'Sub',
      storeVersions: [{ id: 'fi', name: 'Fi', requiresLogin: false }],
    });
    assert.equal((await billingAccount(app.ctx, 'sub')).state, 'trying');
    assert.equal((await monthStatement(app.ctx, 'sub')).status, 'not_billed', 'trying is free');
    assert.equal((await subscribe(app.ctx, 'sub')).state, 'subscribed');
    assert.equal(
      (await monthStatement(app.ctx, 'sub')).status,
      'not_billed',
      'subscribed is free until publishing',
    );

    app.clock.set('2026-12-16T08:00:00Z');
    await createProgram(app.ctx, 'sub', { storeVersionIds: ['fi'] });
    await publishProgram(app.ctx, 'sub');
    const published = await billingAccount(app.ctx, 'sub');
    assert.equal(published.state, 'published');
    assert.equal(published.billingStartedAt?.toISOString(), '2026-12-16T08:00:00.000Z');
    assert.equal((await subscribe(app.ctx, 'sub')).state, 'published', 'subscribing again changes nothing');

    app.clock.set('2027-02-10T12:00:00Z');
    const ended = await endSubscription(app.ctx, 'sub');
    assert.equal(ended.state, 'ended');
    const february = await monthStatement(app.ctx, 'sub');
    assert.deepEqual(kinds(february.lines)[0], ['fee', 1036, 2900], 'days 1–10 of 28');
    app.clock.set('2027-04-01T08:00:00Z');
    const closed = await closeDueBillingMonths(app.ctx, { shopId: 'sub' });
    assert.deepEqual(
      closed.closed.map((m) => m.period),
      ['2026-12', '2027-01', '2027-02'],
    );
    assert.equal((await monthStatement(app.ctx, 'sub')).status, 'not_billed', 'nothing after the end');
  });

  test('the operator sets the price; it applies from the open month, closed months keep theirs', async () => {
    app.clock.set('2026-12-16T08:00:00Z');
    await publishedShop(app.ctx, 'price');
    app.clock.set('2027-01-02T08:00:00Z');
    await closeMonth(app.ctx, 'price', '2026-12');
    const priced = await setShopPrice(app.ctx, 'price', { monthlyFeeCents: 4900, commissionBp: 200 });
    assert.deepEqual([priced.price, priced.ownPrice], [{ monthlyFeeCents: 4900, commissionBp: 200 }, true]);
    assert.equal((await monthStatement(app.ctx, 'price')).lines[0]!.amountCents, 4900);
    assert.equal((await monthStatement(app.ctx, 'price', '2026-12')).lines[0]!.amountCents, 1497);
    await assert.rejects(
      setShopPrice(app.ctx, 'price', { monthlyFeeCents: -5, commissionBp: 200 }),
      (e: unknown) => e instanceof DomainError && e.code === 'invalid_input',
    );
    await assert.rejects(
      setShopPrice(app.ctx, 'nope', { monthlyFeeCents: 100, commissionBp: 200 }),
      (e: unknown) => e instanceof DomainError && e.code === 'shop_not_found',
    );
    assert.equal((await setShopPrice(app.ctx, 'price', null)).ownPrice, false);
  });
});
