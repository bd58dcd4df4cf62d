import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { upsertCustomer } from '../../src/app/customers/upsert-customer.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { cancelOrder } from '../../src/app/orders/cancel-order.ts';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import { listCodes } from '../../src/app/reports/codes-list.ts';
import { DASHBOARD_FRESH_MS, dashboardFigures } from '../../src/app/reports/dashboard.ts';
import { listMembers } from '../../src/app/reports/members-list.ts';
import { ordersReport } from '../../src/app/reports/orders-report.ts';
import type { TestApp } from '../support/database.ts';
import { balanceOf, ledgerSum, publishedShop } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { signedInAdmin } from './support/admin-client.ts';

const TZ = 'Europe/Helsinki';

/**
 * June 2026 in Helsinki: c1 joins on the 2nd, c2 on the 5th, c3 never. Orders: c1 in May (before
 * joining) and A 100.00 (3rd), B 55.00 with a 5.00 code (10th); c2 C 40.00 (4th, before joining),
 * D 60.00 (6th); c3 E 30.00 (7th), F 20.00 (8th), H cancelled (11th); a guest G 10.00 (9th).
 */
async function dashboardShop(app: TestApp) {
  const { ctx, clock } = app;
  clock.set('2026-05-01T09:00:00Z');
  await publishedShop(ctx, 'dash');
  const order = async (id: string, customerId: string | null, cents: number, day: string, code = 0) => {
    await placeOrder(ctx, {
      shopId: 'dash',
      orderId: id,
      customerId,
      storeVersionId: 'fi',
      channel: 'web',
      loggedIn: customerId !== null,
      placedAt: new Date(`${day}T09:00:00Z`),
      lines: [
        { productId: 'p', quantity: 1, unitPriceCents: cents + code, lineDiscountCents: 0, giftCard: false },
      ],
      orderDiscountCents: 0,
      codeDiscountCents: code,
      loyaltyCode: code ? 'CODE-B' : null,
      shippingCents: 490,
      paymentFeeCents: 0,
    });
  };
  const join = async (customerId: string, at: string) => {
    clock.set(at);
    await joinProgram(ctx, { shopId: 'dash', customerId, source: 'registration' });
  };
  await order('may', 'c1', 2500, '2026-05-20');
  await join('c1', '2026-06-02T08:00:00Z');
  await order('A', 'c1', 10000, '2026-06-03');
  await order('C', 'c2', 4000, '2026-06-04');
  await join('c2', '2026-06-05T08:00:00Z');
  await order('D', 'c2', 6000, '2026-06-06');
  await order('E', 'c3', 3000, '2026-06-07');
  await order('F', 'c3', 2000, '2026-06-08');
  await order('G', null, 1000, '2026-06-09');
  await order('B', 'c1', 5000, '2026-06-10', 500);
  await order('H', 'c3', 7000, '2026-06-11');
  await cancelOrder(ctx, { shopId: 'dash', orderId: 'H' });
  await ctx.db
    .insertInto('discount_codes')
    .values([
      // 00:00 on June 1 in Helsinki is 21:00 UTC on May 31: issued in June.
      {
        shop_id: 'dash',
        code: 'CODE-A',
        customer_id: 'c1',
        period: '2026-06',
        value_cents: 500,
        points: 100,
        issued_at: new Date('2026-05-31T21:00:00Z'),
        expires_at: new Date('2026-08-31T21:00:00Z'),
      },
      {
        shop_id: 'dash',
        code: 'CODE-B',
        customer_id: 'c1',
        period: '2026-05',
        value_cents: 500,
        points: 100,
        issued_at: new Date('2026-04-30T21:00:00Z'),
        expires_at: new Date('2026-07-31T21:00:00Z'),
        status: 'used',
        used_order_id: 'B',
        used_at: new Date('2026-06-10T09:00:00Z'),
      },
      {
        shop_id: 'dash',
        code: 'CODE-C',
        customer_id: 'c2',
        period: '2026-03',
        value_cents: 1500,
        points: 250,
        issued_at: new Date('2026-02-28T22:00:00Z'),
        expires_at: new Date('2026-05-31T21:00:00Z'),
      },
      {
        shop_id: 'dash',
        code: 'CODE-D',
        customer_id: 'c2',
        period: '2026-05',
        value_cents: 4000,
        points: 500,
        issued_at: new Date('2026-04-30T21:00:00Z'),
        expires_at: new Date('2026-07-31T21:00:00Z'),
        status: 'restored',
      },
    ])
    .execute();
  clock.set('2026-06-15T10:00:00Z');
}

describe('reports', () => {
  const admin = suiteFixture(() => signedInAdmin('dash', dashboardShop, 'merchant@dash.example'));
  const june = { from: '2026-06-01', to: '2026-06-14' };

  test('dashboard: codes, new members, members’ orders and repeat rates, as worked out by hand', async () => {
    const d = await dashboardFigures(admin.ctx, 'dash', june, TZ);
    assert.equal(d.granularity, 'day');
    assert.equal(d.buckets.length, 14);
    assert.deepEqual([d.totals.issuedCodes, d.totals.issuedCents], [1, 500]);
    assert.deepEqual([d.totals.redeemedCodes, d.totals.redeemedCents], [1, 500]);
    assert.equal(d.totals.newMembers, 2);
    assert.equal(d.series.newMembers[1], 1, 'June 2');
    assert.equal(d.series.newMembers[4], 1, 'June 5');
    assert.equal(d.series.issuedCents[0], 500, 'issued at midnight of June 1, local');
    assert.equal(d.totals.allOrders, 7, 'the cancelled order is left out');
    assert.equal(d.totals.memberOrders, 3, 'A, B and D; C was placed before c2 joined');
    assert.equal(d.totals.allOrderCents, 31000);
    assert.equal(d.totals.memberOrderCents, 21000);
    assert.equal(d.totals.memberOrderShare, 3 / 7);
    assert.deepEqual(d.repeat.members, { orders: 3, repeatOrders: 3, rate: 1 });
    assert.deepEqual(d.repeat.others, { orders: 3, repeatOrders: 1, rate: 1 / 3 });
    const page = await admin.client.get('/admin/program?from=2026-06-01&to=2026-06-14');
    assert.match(
      page.text,
      /data-figure="member-share"><div class="label">Members’ share of orders<\/div><div class="value">42\.9%/,
    );
    assert.match(page.text, /href="\/admin\/members">Members \(loyalty customer group\)/);
    assert.match(page.text, /href="\/admin\/codes">Issued discount codes/);
    const live = await admin.client.get('/admin/program/dashboard.json?from=2026-06-01&to=2026-06-14', {
      accept: 'application/json',
    });
    assert.equal(live.status, 200);
    assert.deepEqual(live.json.charts.repeat, [100, 33.3]);
    assert.equal(live.json.charts.newMembers[1], 1);
    assert.match(live.json.figuresHtml, /€210\.00/);
  });

  test('dashboard over five months (read in two slices, across the change to summer time) counts each order once', async () => {
    const d = await dashboardFigures(admin.ctx, 'dash', { from: '2026-03-01', to: '2026-07-31' }, TZ);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    assert.equal(d.totals.allOrders, 8, 'June’s seven and c1’s order in May');
    assert.equal(sum(d.series.allOrders), 8);
    assert.equal(d.totals.allOrderCents, 33500);
    assert.equal(d.totals.memberOrders, 3);
    assert.deepEqual(d.repeat.members, { orders: 3, repeatOrders: 3, rate: 1 });
    // c1's first order is May's, c2's is C and c3's is E, all before they were members.
    assert.deepEqual(d.repeat.others, { orders: 4, repeatOrders: 1, rate: 0.25 });
    assert.equal(d.totals.issuedCodes, 4);
    assert.equal(sum(d.series.issuedCents), 500 + 500 + 1500 + 4000);
  });

  test('dashboard updates as new events arrive', async () => {
    const before = await admin.client.get('/admin/program/dashboard.json?from=2026-06-01&to=2026-06-15', {
      accept: 'application/json',
    });
    await upsertCustomer(admin.ctx, { shopId: 'dash', customerId: 'c9', registeredAt: admin.clock.now() });
    await joinProgram(admin.ctx, { shopId: 'dash', customerId: 'c9', source: 'pos' });
    const cached = await admin.client.get('/admin/program/dashboard.json?from=2026-06-01&to=2026-06-15', {
      accept: 'application/json',
    });
    assert.deepEqual(
      cached.json.charts,
      before.json.charts,
      'open dashboards share figures for a few seconds',
    );
    admin.clock.advance(DASHBOARD_FRESH_MS);
    const after = await admin.client.get('/admin/program/dashboard.json?from=2026-06-01&to=2026-06-15', {
      accept: 'application/json',
    });
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    assert.equal(sum(after.json.charts.newMembers), sum(before.json.charts.newMembers) + 1);
  });

  test('members: the loyalty group, searchable and paginated', async () => {
    for (let i = 0; i < 55; i++) {
      const id = `bulk${String(i).padStart(2, '0')}`;
      await upsertCustomer(admin.ctx, {
        shopId: 'dash',
        customerId: id,
        email: `${id}@example.com`,
        name: `Bulk Person ${i}`,
        registeredAt: admin.clock.now(),
      });
      await joinProgram(admin.ctx, { shopId: 'dash', customerId: id, source: 'registration' });
    }
    const all = await listMembers(admin.ctx, 'dash', {});
    assert.equal(all.total, 58, 'c1, c2, c9 and 55 more; c3 is not a member');
    assert.equal(all.pages, 2);
    assert.equal(all.rows.length, 50);
    const second = await admin.client.get('/admin/members?page=2');
    assert.match(second.text, /Page 2 of 2/);
    assert.equal((second.text.match(/<tr><td class="num" data-label="Member no\.">/g) ?? []).length, 8);
    const search = await admin.client.get('/admin/members?q=customer%20c2');
    assert.match(search.text, /Customer c2/);
    assert.doesNotMatch(search.text, /Bulk Person/);
    const byEmail = await listMembers(admin.ctx, 'dash', { query: 'BULK07@' });
    assert.deepEqual(
      byEmail.rows.map((r) => r.customerId),
      ['bulk07'],
    );
    const literal = await listMembers(admin.ctx, 'dash', { query: '%' });
    assert.equal(literal.total, 0, 'wildcards are searched for literally');
  });

  test('member page: balance, ledger, codes; an adjustment needs a reason and records who and when', async () => {
    const page = await admin.client.get('/admin/members/c1');
    assert.match(page.text, /CODE-A/);
    assert.match(page.text, /CODE-B/);
    const empty = await admin.client.post('/admin/members/c1/adjust', { points: '25', reason: '   ' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /id="err-reason">A reason is required for every change of points\.</);
    assert.match(empty.text, /value="25"/);
    assert.equal(await ledgerSum(admin.ctx, 'dash', 'c1'), 0);
    const zero = await admin.client.post('/admin/members/c1/adjust', { points: '0', reason: 'nothing' });
    assert.equal(zero.status, 422);
    const done = await admin.client.post('/admin/members/c1/adjust', {
      points: '-40',
      reason: 'Returned gift',
    });
    assert.equal(done.status, 303);
    assert.equal(await balanceOf(admin.ctx, 'dash', 'c1'), -40);
    const after = await admin.client.get(done.location!);
    assert.match(after.text, /Adjustment of -40 saved\. Balance now -40\./);
    assert.match(
      after.text,
      /<td data-label="Event">Adjustment<\/td>\s*<td class="num negative" data-label="Points">-40<\/td>\s*<td data-label="Reference"><\/td><td data-label="Reason">Returned gift<\/td><td data-label="By">merchant@dash\.example<\/td>/,
    );
    assert.match(after.text, /15 Jun 2026, 13:00/, 'the time, in the shop’s zone');
    const notMember = await admin.client.post('/admin/members/c3/adjust', { points: '5', reason: 'x' });
    assert.equal(notMember.status, 404);
  });

  test('codes: filtered by status as of now and by month', async () => {
    const all = await listCodes(admin.ctx, 'dash', {});
    assert.equal(all.total, 4);
    assert.equal(all.totalValueCents, 6500);
    const byStatus = async (status: 'active' | 'used' | 'expired' | 'restored') =>
      (await listCodes(admin.ctx, 'dash', { status })).rows.map((r) => r.code);
    assert.deepEqual(await byStatus('active'), ['CODE-A']);
    assert.deepEqual(await byStatus('used'), ['CODE-B']);
    assert.deepEqual(await byStatus('expired'), ['CODE-C']);
    assert.deepEqual(await byStatus('restored'), ['CODE-D']);
    const may = await listCodes(admin.ctx, 'dash', { month: '2026-05' });
    assert.deepEqual(may.rows.map((r) => r.code).sort(), ['CODE-B', 'CODE-D']);
    const page = await admin.client.get('/admin/codes?status=expired');
    assert.match(page.text, /CODE-C/);
    assert.doesNotMatch(page.text, /CODE-A/);
    assert.match(page.text, /<option value="2026-05">May 2026<\/option>/);
    assert.match(page.text, /1 code, €15\.00 in total/);
  });

  test('orders report: members only, totals, and CSV', async () => {
    const all = await ordersReport(admin.ctx, 'dash', { range: june, timeZone: TZ, membersOnly: false });
    assert.equal(all.total, 8, 'the cancelled order is listed too');
    assert.equal(all.totals.orders, 7, 'but left out of the totals');
    assert.equal(all.totals.productCents, 10000 + 4000 + 6000 + 3000 + 2000 + 1000 + 5500);
    const members = await ordersReport(admin.ctx, 'dash', { range: june, timeZone: TZ, membersOnly: true });
    assert.deepEqual(members.rows.map((r) => r.id).sort(), ['A', 'B', 'D']);
    assert.equal(members.totals.orders, 3);
    assert.equal(members.totals.productCents, 10000 + 5500 + 6000);
    assert.equal(members.totals.discountCents, 500);
    assert.equal(members.totals.shippingAndFeesCents, 3 * 490);
    assert.equal(members.totals.totalCents, 21000 + 3 * 490);
    const page = await admin.client.get('/admin/orders?from=2026-06-01&to=2026-06-14&members=1');
    assert.match(page.text, /3 orders/);
    assert.match(page.text, /Totals for the whole report: 3 orders, cancelled ones left out/);
    assert.match(page.text, /id="orders-total">€224\.70</);
    const csv = await admin.client.get('/admin/orders.csv?from=2026-06-01&to=2026-06-14&members=1');
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /orders-2026-06-01-2026-06-14-members\.csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    assert.equal(lines.length, 4);
    assert.equal(
      lines[0],
      'Order,Placed (Europe/Helsinki),Customer,Customer ID,E-mail,Member,Store version,Store version ID,Channel,Status,' +
        'Products,Discounts,Shipping and fees,Total,Points basis,Points,Loyalty code',
    );
    // 09:00 UTC is 12:00 in Helsinki in June; names and words instead of ids and codes.
    assert.equal(
      lines[3],
      'B,2026-06-10 12:00,Customer c1,c1,c1@example.com,Yes,Verkkokauppa,fi,Web shop,Placed,55.00,5.00,4.90,54.90,50.00,0,CODE-B',
    );
  });

  test('orders CSV in a Finnish admin: semicolons, decimal commas, local times, Finnish words', async () => {
    const csv = await admin.client.get('/admin/orders.csv?from=2026-06-01&to=2026-06-14', {
      'accept-language': 'fi',
    });
    assert.equal(csv.status, 200);
    assert.ok(csv.text.startsWith('\uFEFF'), 'a BOM, so that Excel reads UTF-8');
    const lines = csv.text.slice(1).trim().split('\n');
    assert.equal(
      lines[0],
      'Tilaus;Tilattu (Europe/Helsinki);Asiakas;Asiakastunnus;Sähköposti;Kanta-asiakas;Kauppaversio;' +
        'Kauppaversion tunnus;Kanava;Tila;Tuotteet;Alennukset;Toimitus ja kulut;Yhteensä;Pisteiden peruste;Pisteet;Alennuskoodi',
    );
    const row = (id: string) => lines.find((l) => l.startsWith(`${id};`));
    assert.equal(
      row('B'),
      'B;2026-06-10 12:00;Customer c1;c1;c1@example.com;Kyllä;Verkkokauppa;fi;Verkkokauppa;Tilattu;55,00;5,00;4,90;54,90;50,00;0;CODE-B',
    );
    assert.equal(
      row('G'),
      'G;2026-06-09 12:00;Vierasasiakas;;;Ei;Verkkokauppa;fi;Verkkokauppa;Tilattu;10,00;0,00;4,90;14,90;10,00;0;',
    );
    assert.match(row('H')!, /;Peruttu;70,00;/);
    assert.equal(lines.length, 1 + 8);
  });

  test('mail: the monthly e-mails, each viewable as the member sees it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'admin-mail-'));
    const kept = join(dir, 'monthly%3A2026-06%3Ac1.eml');
    writeFileSync(kept, 'Subject: test\r\n\r\nkept message body');
    const row = (customerId: string, status: 'kept' | 'pending', keptPath: string | null) => ({
      shop_id: 'dash',
      message_key: `monthly:2026-06:${customerId}`,
      message_id: `m-${customerId}`,
      kind: 'monthly' as const,
      customer_id: customerId,
      recipient: `${customerId}@example.com`,
      payload: JSON.stringify({
        period: '2026-06',
        name: `Customer ${customerId}`,
        balance: 120,
        codes: [{ code: 'CODE-A', valueCents: 500, expiresAt: '2026-08-31T21:00:00.000Z' }],
      }),
      status,
      kept_path: keptPath,
      sent_at: status === 'kept' ? admin.clock.now() : null,
      next_attempt_at: admin.clock.now(),
      created_at: admin.clock.now(),
    });
    await admin.ctx.db
      .insertInto('mail_outbox')
      .values([row('c1', 'kept', kept), row('c2', 'pending', null)])
      .execute();
    try {
      const list = await admin.client.get('/admin/mail');
      assert.equal(list.status, 200);
      assert.match(list.text, /c1@example\.com/);
      assert.match(list.text, /Kept as a file/);
      assert.match(list.text, /Queued/);
      const pending = await admin.client.get('/admin/mail?status=pending');
      assert.doesNotMatch(pending.text, /c1@example\.com<\/a>/);
      const key = encodeURIComponent('monthly:2026-06:c1');
      const message = await admin.client.get(`/admin/mail/${key}`);
      assert.equal(message.status, 200);
      assert.match(message.text, /<h1>Alennuskoodisi 5,00\s€ – Loyalty program<\/h1>/);
      assert.match(message.text, /<pre class="plain">Hei Customer c1,/);
      assert.match(
        message.text,
        /<iframe class="mail-frame" src="\/admin\/mail\/monthly%3A2026-06%3Ac1\/html"/,
      );
      const framed = await admin.client.get(`/admin/mail/${key}/html`);
      assert.match(String(framed.headers['content-security-policy']), /^sandbox;/);
      assert.match(framed.text, /CODE-A/);
      const eml = await admin.client.get(`/admin/mail/${key}/eml`);
      assert.equal(eml.status, 200);
      assert.equal(eml.text, 'Subject: test\r\n\r\nkept message body');
      assert.equal(
        (await admin.client.get(`/admin/mail/${encodeURIComponent('monthly:2026-06:c2')}/eml`)).status,
        404,
      );
      assert.equal((await admin.client.get('/admin/mail/nope')).status, 404);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
