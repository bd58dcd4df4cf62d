import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { monthStatement } from '../../src/app/billing/month-statement.ts';
import { runMonthlyConversion } from '../../src/app/monthly/run-monthly-conversion.ts';
import { listMembers } from '../../src/app/reports/members-list.ts';
import { ordersReport } from '../../src/app/reports/orders-report.ts';
import { personalDataSchema } from '../../src/http/api/personal-data.ts';
import { deliverPendingMail } from '../../src/mail/deliver-pending-mail.ts';
import { fileTransport } from '../../src/mail/file-transport.ts';
import { local } from '../monthly/support.ts';
import { insertCode } from '../support/fixtures.ts';
import { withMailDir } from '../support/mail-folder.ts';
import { prepared, suiteFixture } from '../support/suite-fixture.ts';
import { type ApiHarness, apiHarness, cart, join, orderBody } from './harness.ts';

/**
 * A member with a bit of everything: joined, an order delivered with a return and an approved
 * review, adjustments with reasons, a July code spent at the checkout and its letter kept as a
 * file, and an August code with its letter still queued. c2 beside them, untouched by their erasure.
 */
async function memberWithHistory(h: ApiHarness, mailDir: string) {
  h.clock.set('2026-06-15T10:00:00Z');
  await h.call('PUT', '/v1/customers/c1', {
    body: {
      email: 'anna@example.com',
      phone: '+358 40 123 4567',
      name: 'Anna Virtanen',
      language: 'fi',
      registeredAt: '2026-06-01T09:00:00Z',
    },
  });
  await join(h, 'c1');
  await join(h, 'c2');
  assert.equal((await h.call('POST', '/v1/orders', { body: orderBody('o1', 'c1') })).status, 201);
  assert.equal((await h.call('POST', '/v1/orders/o1/deliver')).status, 200);
  const returned = await h.call('POST', '/v1/orders/o1/returns', {
    body: { id: 'ret1', lines: [{ lineNo: 2, quantity: 1 }] },
  });
  assert.equal(returned.status, 201, returned.text);
  await h.call('POST', '/v1/reviews', { body: { id: 'rev1', orderId: 'o1', productId: 'jacket' } });
  assert.equal((await h.call('POST', '/v1/reviews/rev1/approve')).status, 200);
  await adjust(h, 'c1', 500, 'Parcel lost; Anna was upset on the phone');
  await adjust(h, 'c2', 200, 'Goodwill');

  h.clock.set(local('2026-07-01 00:00'));
  await runMonthlyConversion(h.ctx, { shopId: 'shop1', period: '2026-07' });
  await deliverPendingMail(h.ctx, fileTransport(mailDir));
  const [july] = await codesOf(h, 'c1');
  const spent = await h.call('POST', '/v1/checkout/redemptions', {
    body: {
      code: july,
      customerId: 'c1',
      storeVersionId: 'fi',
      loggedIn: true,
      orderId: 'o2',
      cart: cart(6000),
    },
  });
  assert.equal(spent.status, 201, spent.text);
  await adjust(h, 'c1', 100, 'Birthday gift for Anna');

  h.clock.set(local('2026-08-01 00:00'));
  await runMonthlyConversion(h.ctx, { shopId: 'shop1', period: '2026-08' });
  h.clock.set(local('2026-08-02 12:00'));
}

async function adjust(h: ApiHarness, customerId: string, points: number, reason: string) {
  const answer = await h.call('POST', `/v1/members/${customerId}/adjustments`, { body: { points, reason } });
  assert.equal(answer.status, 201, answer.text);
}

async function codesOf(h: ApiHarness, customerId: string): Promise<string[]> {
  const rows = await h.ctx.db
    .selectFrom('discount_codes')
    .select('code')
    .where('shop_id', '=', 'shop1')
    .where('customer_id', '=', customerId)
    .orderBy('period')
    .execute();
  return rows.map((r) => r.code);
}

/** What a merchant and the operator read about the shop: the orders report and the billing months. */
async function shopFigures(h: ApiHarness) {
  const report = await ordersReport(h.ctx, 'shop1', {
    range: { from: '2026-06-01', to: '2026-08-31' },
    timeZone: 'Europe/Helsinki',
    membersOnly: false,
  });
  const members = await ordersReport(h.ctx, 'shop1', {
    range: { from: '2026-06-01', to: '2026-08-31' },
    timeZone: 'Europe/Helsinki',
    membersOnly: true,
  });
  const billing = [];
  for (const month of ['2026-06', '2026-07', '2026-08']) {
    const statement = await monthStatement(h.ctx, 'shop1', month);
    billing.push({ month, lines: statement.lines, totalCents: statement.totalCents });
  }
  return { totals: report.totals, memberTotals: members.totals, billing };
}

/** The API harness with memberWithHistory's member, the letters kept as files in a folder of their own. */
function harnessWithHistory() {
  return prepared(withMailDir(apiHarness()), (h) => memberWithHistory(h, h.mailDir));
}

describe('a customer’s data, read as one document', () => {
  const h = suiteFixture(harnessWithHistory);
  // biome-ignore lint/suspicious/noExplicitAny: the document as JSON, checked field by field
  let doc: any;
  before(async () => {
    const answer = await h.call('GET', '/v1/customers/c1/personal-data', { key: h.keys.readOnly });
    assert.equal(answer.status, 200, answer.text);
    assert.match(String(answer.headers['content-type']), /^application\/json/);
    doc = answer.body;
  });

  test('the customer, their membership and balance', () => {
    assert.equal(doc.object, 'personal_data');
    assert.deepEqual(
      [
        doc.shopId,
        doc.customerId,
        doc.customer.name,
        doc.customer.email,
        doc.customer.phone,
        doc.customer.language,
      ],
      ['shop1', 'c1', 'Anna Virtanen', 'anna@example.com', '+358 40 123 4567', 'fi'],
    );
    // Kept from the store's first call (the harness's customers registered at its start).
    assert.equal(doc.customer.registeredAt, '2026-06-15T10:00:00.000Z');
    assert.equal(doc.membership.joinSource, 'registration');
    assert.equal(doc.membership.active, true);
    assert.equal(doc.erasure, null);
    assert.equal(doc.balance, 64);
  });

  test('the whole ledger, oldest first, with reasons and authors, adding up to the balance', () => {
    assert.deepEqual(
      doc.ledger.map((e: { kind: string; points: number }) => [e.kind, e.points]),
      [
        ['join', 10],
        ['purchase', 59],
        ['return', -25],
        ['review', 20],
        ['adjustment', 500],
        ['conversion', -500],
        ['adjustment', 100],
        ['conversion', -100],
      ],
    );
    const adjustments = doc.ledger.filter((e: { kind: string }) => e.kind === 'adjustment');
    assert.deepEqual(
      adjustments.map((e: { reason: string; author: string }) => [e.reason, e.author]),
      [
        ['Parcel lost; Anna was upset on the phone', 'Web shop'],
        ['Birthday gift for Anna', 'Web shop'],
      ],
    );
    assert.equal(
      doc.ledger.reduce((sum: number, e: { points: number }) => sum + e.points, 0),
      doc.balance,
    );
  });

  test('codes with their state and redemptions, orders with lines and returns, reviews', () => {
    assert.deepEqual(
      doc.codes
        .map((c: { period: string; status: string; valueCents: number }) => [
          c.period,
          c.status,
          c.valueCents,
        ])
        .sort(),
      [
        ['2026-07', 'used', 4000],
        ['2026-08', 'active', 500],
      ],
    );
    const used = doc.codes.find((c: { status: string }) => c.status === 'used');
    assert.deepEqual(
      used.redemptions.map((r: { orderId: string; discountCents: number }) => [r.orderId, r.discountCents]),
      [['o2', 4000]],
    );
    const [order] = doc.orders;
    assert.equal(doc.orders.length, 1);
    assert.deepEqual(
      [order.id, order.status, order.pointsEarned, order.pointsDeducted],
      ['o1', 'delivered', 59, 25],
    );
    assert.deepEqual(
      order.lines.map((l: { productId: string; returnedQuantity: number }) => [
        l.productId,
        l.returnedQuantity,
      ]),
      [
        ['jacket', 0],
        ['scarf', 1],
        ['gift-card', 0],
      ],
    );
    assert.deepEqual(
      order.returns.map((r: { id: string; lines: unknown }) => [r.id, r.lines]),
      [['ret1', [{ lineNo: 2, quantity: 1 }]]],
    );
    assert.deepEqual(
      doc.reviews.map((r: { id: string; status: string; productId: string }) => [
        r.id,
        r.productId,
        r.status,
      ]),
      [['rev1', 'jacket', 'approved']],
    );
  });

  test('the e-mails to them: status, time and what they said as stored', () => {
    assert.deepEqual(
      doc.messages.map((m: { messageKey: string; status: string; recipient: string }) => [
        m.messageKey,
        m.status,
        m.recipient,
      ]),
      [
        ['monthly:2026-07:c1', 'kept', 'anna@example.com'],
        ['monthly:2026-08:c1', 'pending', 'anna@example.com'],
      ],
    );
    assert.equal(doc.messages[0].payload.name, 'Anna Virtanen');
    assert.equal(doc.messages[0].payload.period, '2026-07');
    assert.ok(doc.messages[0].sentAt);
  });

  test('is what the OpenAPI document describes, field for field', () => {
    assert.deepEqual(personalDataSchema.parse(doc), doc);
  });

  test('nothing of another customer is in it', () => {
    assert.doesNotMatch(JSON.stringify(doc), /c2@example\.com|Goodwill|Customer c2/);
  });
});

describe('erasing a customer', () => {
  const h = suiteFixture(harnessWithHistory);
  let keptFile: string;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field
  let erased: any;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field
  let docAfter: any;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field
  let customerAfter: any;
  let figuresBefore: Awaited<ReturnType<typeof shopFigures>>;
  let figuresAfter: Awaited<ReturnType<typeof shopFigures>>;
  let balancesBefore: number[];
  let balancesAfter: number[];
  let augustCode: string;
  const balances = async () => [
    (await h.call('GET', '/v1/customers/c1')).body.balance,
    (await h.call('GET', '/v1/customers/c2')).body.balance,
  ];

  before(async () => {
    augustCode = (await codesOf(h, 'c1'))[1]!;
    const kept = await h.ctx.db
      .selectFrom('mail_outbox')
      .select('kept_path')
      .where('message_key', '=', 'monthly:2026-07:c1')
      .executeTakeFirstOrThrow();
    keptFile = kept.kept_path!;
    figuresBefore = await shopFigures(h);
    balancesBefore = await balances();
    erased = await h.call('POST', '/v1/customers/c1/erase');
    figuresAfter = await shopFigures(h);
    balancesAfter = await balances();
    customerAfter = (await h.call('GET', '/v1/customers/c1')).body;
    docAfter = (await h.call('GET', '/v1/customers/c1/personal-data')).body;
  });

  test('answers with what it did and who did it, never with what was erased', () => {
    assert.equal(erased.status, 200, erased.text);
    const { erasedAt, ...rest } = erased.body;
    assert.deepEqual(rest, {
      object: 'erasure',
      customerId: 'c1',
      outcome: 'applied',
      erasedBy: { kind: 'api_key', name: 'Web shop' },
      codesVoided: 1,
      messagesCancelled: 1,
      reasonsErased: 2,
    });
    assert.equal(erasedAt, local('2026-08-02 12:00').toISOString());
    assert.doesNotMatch(erased.text, /Anna|anna@example\.com|123 4567/);
  });

  test('name, e-mail, phone and language are a tombstone; the customer left the program', () => {
    assert.deepEqual(
      [customerAfter.name, customerAfter.email, customerAfter.phone, customerAfter.language],
      ['Erased customer', null, null, null],
    );
    assert.equal(customerAfter.membership.active, false);
    assert.equal(customerAfter.membership.leftAt, local('2026-08-02 12:00').toISOString());
  });

  test('balances, the orders report and the billing months are the same before and after', () => {
    assert.deepEqual(balancesAfter, balancesBefore);
    assert.deepEqual(figuresAfter, figuresBefore);
    assert.ok(
      figuresBefore.billing.some((m) => m.totalCents > 0),
      'billing ran',
    );
  });

  test('the ledger keeps every amount, time and author; the reasons about them are erased', () => {
    const adjustments = docAfter.ledger.filter((e: { kind: string }) => e.kind === 'adjustment');
    assert.deepEqual(
      adjustments.map((e: { points: number; reason: string; author: string }) => [
        e.points,
        e.reason,
        e.author,
      ]),
      [
        [500, '(erased)', 'Web shop'],
        [100, '(erased)', 'Web shop'],
      ],
    );
    assert.equal(docAfter.ledger.length, 8);
    assert.equal(
      docAfter.ledger.reduce((sum: number, e: { points: number }) => sum + e.points, 0),
      balancesBefore[0],
    );
  });

  test('the erasure is in their document, and nothing personal is left in it', () => {
    assert.equal(docAfter.erasure.erasedBy.name, 'Web shop');
    assert.deepEqual(personalDataSchema.parse(docAfter), docAfter);
    assert.equal(docAfter.customer.name, 'Erased customer');
    assert.doesNotMatch(JSON.stringify(docAfter), /Anna|Virtanen|anna@example\.com|123 4567|Parcel|Birthday/);
    assert.deepEqual(
      docAfter.codes.map((c: { period: string; status: string }) => [c.period, c.status]).sort(),
      [
        ['2026-07', 'used'],
        ['2026-08', 'voided'],
      ],
    );
  });

  test('the queued e-mail is cancelled; the sent one keeps only its key, status and times, and its file is gone', async () => {
    assert.deepEqual(
      docAfter.messages.map(
        (m: { messageKey: string; status: string; recipient: string; payload: unknown }) => [
          m.messageKey,
          m.status,
          m.recipient,
          m.payload,
        ],
      ),
      [['monthly:2026-07:c1', 'kept', '(erased)', {}]],
    );
    assert.equal(existsSync(keptFile), false);
    const delivered = await deliverPendingMail(h.ctx, fileTransport(h.mailDir));
    assert.equal(delivered.attempted, 1, 'only c2’s August letter is left to send');
  });

  test('their valid code is refused at checkout', async () => {
    const body = {
      code: augustCode,
      customerId: 'c1',
      storeVersionId: 'fi',
      loggedIn: true,
      cart: cart(3000),
    };
    const checked = await h.call('POST', '/v1/checkout/code-checks', { body });
    assert.equal(checked.body.accepted, false);
    const redeemed = await h.call('POST', '/v1/checkout/redemptions', {
      body: { ...body, orderId: 'o-after' },
    });
    assert.equal(redeemed.status, 409);
    assert.equal(redeemed.body.code, 'code_refused');
  });

  test('the old e-mail address finds nothing: at the till, in the admin’s search, in the members list', async () => {
    const till = await h.call('GET', '/v1/members?email=anna@example.com');
    assert.deepEqual(till.body.data, []);
    const search = await listMembers(h.ctx, 'shop1', { query: 'anna@example.com' });
    assert.equal(search.total, 0);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from customers where shop_id = 'shop1' and lower(email) = 'anna@example.com'`.execute(
      h.ctx.db,
    );
    assert.equal(rows[0]!.n, 0);
  });

  test('erasing again changes nothing and answers with the first erasure', async () => {
    const again = await h.call('POST', '/v1/customers/c1/erase');
    assert.equal(again.status, 200);
    assert.equal(again.body.outcome, 'duplicate');
    assert.equal(again.body.erasedAt, erased.body.erasedAt);
    assert.equal(again.body.codesVoided, 1);
    const doc = (await h.call('GET', '/v1/customers/c1/personal-data')).body;
    assert.deepEqual({ ...doc, exportedAt: null }, { ...docAfter, exportedAt: null });
  });

  test('a store sending the customer again does not bring the data back', async () => {
    const put = await h.call('PUT', '/v1/customers/c1', {
      body: { email: 'anna@example.com', name: 'Anna Virtanen', registeredAt: '2026-06-01T09:00:00Z' },
    });
    assert.equal(put.status, 200);
    assert.deepEqual([put.body.name, put.body.email], ['Erased customer', null]);
    assert.deepEqual((await h.call('GET', '/v1/members?email=anna@example.com')).body.data, []);
  });

  test('a later order of the erased id is accepted without personal data, and earns nothing', async () => {
    const placed = await h.call('POST', '/v1/orders', {
      body: orderBody('o-later', 'c1', { placedAt: local('2026-08-02 12:00').toISOString() }),
    });
    assert.equal(placed.status, 201, placed.text);
    assert.equal(placed.body.earns, false);
    const customer = (await h.call('GET', '/v1/customers/c1')).body;
    assert.deepEqual([customer.name, customer.email], ['Erased customer', null]);
  });

  test('the ledger still refuses any other change', async () => {
    await assert.rejects(
      sql`update ledger_entries set points = points + 1 where shop_id = 'shop1' and customer_id = 'c1'`.execute(
        h.ctx.db,
      ),
      /append-only/,
    );
    await assert.rejects(
      sql`update ledger_entries set reason = '(erased)' where shop_id = 'shop1' and customer_id = 'c2'`.execute(
        h.ctx.db,
      ),
      /append-only/,
      'not erased: no reason may change',
    );
  });
});

describe('erasure: who may, and of whom', () => {
  const h = suiteFixture(() => apiHarness());

  test('a read-only key may read the document but not erase', async () => {
    assert.equal(
      (await h.call('GET', '/v1/customers/c3/personal-data', { key: h.keys.readOnly })).status,
      200,
    );
    const refused = await h.call('POST', '/v1/customers/c3/erase', { key: h.keys.readOnly });
    assert.deepEqual([refused.status, refused.body.code], [403, 'api_key_read_only']);
    assert.equal((await h.call('GET', '/v1/customers/c3')).body.email, 'c3@example.com');
  });

  test('an unknown customer, or another shop’s, is 404 for both', async () => {
    await h.call('PUT', '/v1/customers/solo', {
      body: { email: 'solo@example.com', registeredAt: '2026-06-01T09:00:00Z' },
    });
    for (const [key, id] of [
      [h.keys.full, 'nobody'],
      [h.keys.otherShop, 'solo'],
    ] as const) {
      const read = await h.call('GET', `/v1/customers/${id}/personal-data`, { key });
      assert.deepEqual([read.status, read.body.code], [404, 'customer_not_found']);
      const erase = await h.call('POST', `/v1/customers/${id}/erase`, { key });
      assert.deepEqual([erase.status, erase.body.code], [404, 'customer_not_found']);
    }
    assert.equal((await h.call('GET', '/v1/customers/solo')).body.email, 'solo@example.com');
  });

  test('an erased id that joins again cannot use its voided code', async () => {
    await join(h, 'c2');
    await insertCode(h.ctx, { shopId: 'shop1', code: 'VOID-ME', customerId: 'c2', valueCents: 500 });
    assert.equal((await h.call('POST', '/v1/customers/c2/erase')).body.codesVoided, 1);
    await join(h, 'c2');
    const checked = await h.call('POST', '/v1/checkout/code-checks', {
      body: { code: 'VOID-ME', customerId: 'c2', storeVersionId: 'fi', loggedIn: true, cart: cart(3000) },
    });
    assert.deepEqual([checked.body.accepted, checked.body.reason], [false, 'not_found']);
    const codes = (await h.call('GET', '/v1/members/c2/codes')).body;
    assert.deepEqual(
      codes.data.map((c: { code: string; status: string }) => [c.code, c.status]),
      [['VOID-ME', 'voided']],
    );
  });
});
