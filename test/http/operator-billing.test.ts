import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createOperatorKey } from '../../src/app/operator/operator-keys.ts';
import { prefersCsv } from '../../src/http/api/operator-billing.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { type Answer, apiHarness, join, orderBody, type Sent } from './harness.ts';
import { statusesSeen, statusGaps } from './status-coverage.ts';

/** The CSV's rows as arrays of cells (no cell of these holds a comma or a quote). */
const csvRows = (answer: Answer) =>
  answer.text
    .trim()
    .split(/\r?\n/)
    .map((row) => row.split(','));

const HEADER = [
  'shop_id',
  'month',
  'line_no',
  'kind',
  'for_month',
  'amount_cents',
  'basis_cents',
  'rate_bp',
  'days',
  'month_days',
  'closed_at',
];

/**
 * The operator API's billing routes: shop1 and shop2 published 16 December 2026 10:00 in Helsinki;
 * shop1's member c1 buys the SPEC order (59.90 € eligible) on 20 December.
 */
describe('the operator API: billing', () => {
  const h = suiteFixture(async () => {
    const harness = await apiHarness('2026-12-16T08:00:00Z');
    const operator = await createOperatorKey(harness.ctx, { name: 'Hosting platform' });
    await join(harness, 'c1');
    harness.clock.set('2026-12-20T10:00:00Z');
    const placed = await harness.call('POST', '/v1/orders', {
      body: orderBody('o1', 'c1', { placedAt: '2026-12-20T12:00:00+02:00' }),
    });
    assert.equal(placed.status, 201, placed.text);
    const delivered = await harness.call('POST', '/v1/orders/o1/deliver', { body: {} });
    assert.equal(delivered.status, 200, delivered.text);
    return Object.assign(harness, { operatorKey: operator.key });
  });
  const op = (
    method: string,
    url: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ) => h.call(method, `/v1/operator${url}`, { key: h.operatorKey, ...options });

  test('a shop’s billing: its state, price, this month to date and the closed months', async () => {
    const billing = await op('GET', '/shops/shop1/billing');
    assert.equal(billing.status, 200, billing.text);
    assert.equal(billing.body.object, 'billing_account');
    assert.equal(billing.body.state, 'published');
    assert.deepEqual(billing.body.price, { monthlyFeeCents: 2900, commissionBp: 150 });
    assert.equal(billing.body.ownPrice, false);
    assert.equal(billing.body.billingStartedAt, '2026-12-16T08:00:00.000Z');
    assert.equal(billing.body.timeZone, 'Europe/Helsinki');
    assert.equal(billing.body.currentMonth.month, '2026-12');
    assert.equal(billing.body.currentMonth.status, 'open');
    assert.deepEqual(
      billing.body.currentMonth.lines.map((l: { kind: string; amountCents: number }) => [
        l.kind,
        l.amountCents,
      ]),
      [
        ['fee', 1497],
        ['commission', 90],
      ],
    );
    assert.deepEqual(billing.body.closedMonths, []);
  });

  test('a month’s lines in JSON, and in CSV by Accept or by .csv', async () => {
    const month = await op('GET', '/shops/shop1/billing/months/2026-12');
    assert.equal(month.status, 200, month.text);
    assert.deepEqual(month.body.lines[0], {
      lineNo: 1,
      kind: 'fee',
      forMonth: null,
      amountCents: 1497,
      basisCents: 2900,
      rateBp: null,
      days: 16,
      monthDays: 31,
    });
    assert.equal(month.body.totalCents, 1587);

    for (const answer of [
      await op('GET', '/shops/shop1/billing/months/2026-12', { headers: { accept: 'text/csv' } }),
      await op('GET', '/shops/shop1/billing/months/2026-12.csv'),
    ]) {
      assert.equal(answer.status, 200, answer.text);
      assert.match(String(answer.headers['content-type']), /^text\/csv/);
      assert.match(String(answer.headers['content-disposition']), /filename="shop1-2026-12\.csv"/);
      assert.deepEqual(csvRows(answer), [
        HEADER,
        ['shop1', '2026-12', '1', 'fee', '', '1497', '2900', '', '16', '31', ''],
        ['shop1', '2026-12', '2', 'commission', '', '90', '5990', '150', '', '', ''],
      ]);
    }
  });

  test('refusals: an unknown shop 404, a month that is not one 422 naming it, a shop’s key 401', async () => {
    for (const url of ['/shops/nope/billing', '/shops/nope/billing/months/2026-12']) {
      const answer = await op('GET', url);
      assert.equal(answer.status, 404, answer.text);
      assert.equal(answer.body.code, 'shop_not_found');
    }
    for (const month of ['2026-13', '2026-1', 'december', '2026-12.xls']) {
      const answer = await op('GET', `/shops/shop1/billing/months/${month}`);
      assert.equal(answer.status, 422, `${month}: ${answer.text}`);
      assert.equal(answer.body.code, 'invalid_input');
      assert.deepEqual(
        answer.body.errors.map((e: { field: string }) => e.field),
        ['path.month'],
      );
    }
    const noMonth = await op('GET', '/billing/invoice-lines');
    assert.equal(noMonth.status, 422);
    assert.deepEqual(
      noMonth.body.errors.map((e: { field: string }) => e.field),
      ['query.month'],
    );
    for (const [method, url] of [
      ['GET', '/v1/operator/shops/shop1/billing'],
      ['PUT', '/v1/operator/shops/shop1/billing/price'],
      ['GET', '/v1/operator/billing/invoice-lines.csv?month=2026-12'],
    ] as const) {
      const asShop = await h.call(method, url, {
        key: h.keys.full,
        body: { monthlyFeeCents: 0, commissionBp: 0 },
      });
      assert.equal(asShop.status, 401, `${method} ${url}: ${asShop.text}`);
      assert.equal(asShop.body.code, 'not_an_operator_key');
    }
    assert.equal((await op('GET', '/shops/shop1/billing')).body.ownPrice, false, 'nothing changed');
  });

  test('the price: set, refused out of range naming the field, back to the default', async () => {
    const set = await op('PUT', '/shops/shop2/billing/price', {
      body: { monthlyFeeCents: 4900, commissionBp: 200 },
    });
    assert.equal(set.status, 200, set.text);
    assert.deepEqual(
      [set.body.price, set.body.ownPrice],
      [{ monthlyFeeCents: 4900, commissionBp: 200 }, true],
    );
    const month = await op('GET', '/shops/shop2/billing/months/2026-12');
    assert.equal(month.body.lines[0].basisCents, 4900, 'the open month takes the new price');

    for (const [body, field] of [
      [{ monthlyFeeCents: 10_000_001, commissionBp: 150 }, 'monthlyFeeCents'],
      [{ monthlyFeeCents: -1, commissionBp: 150 }, 'monthlyFeeCents'],
      [{ monthlyFeeCents: 29.5, commissionBp: 150 }, 'monthlyFeeCents'],
      [{ monthlyFeeCents: 2900, commissionBp: 10_001 }, 'commissionBp'],
      [{ monthlyFeeCents: 2900 }, 'commissionBp'],
    ] as const) {
      const refused = await op('PUT', '/shops/shop2/billing/price', { body });
      assert.equal(refused.status, 422, `${JSON.stringify(body)}: ${refused.text}`);
      assert.equal(refused.body.code, 'invalid_input');
      assert.deepEqual(
        refused.body.errors.map((e: { field: string }) => e.field),
        [field],
      );
    }
    const unknown = await op('PUT', '/shops/nope/billing/price', {
      body: { monthlyFeeCents: 100, commissionBp: 100 },
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'shop_not_found');

    const reset = await op('DELETE', '/shops/shop2/billing/price');
    assert.equal(reset.status, 200, reset.text);
    assert.deepEqual(
      [reset.body.price, reset.body.ownPrice],
      [{ monthlyFeeCents: 2900, commissionBp: 150 }, false],
    );
  });

  test('closing December once; every shop’s lines for invoicing, paged in JSON and whole in CSV', async () => {
    h.clock.set('2026-12-31T22:00:05Z'); // 00:00:05 on 1 January in Helsinki
    const open = await op('GET', '/billing/invoice-lines?month=2026-12');
    assert.deepEqual(open.body.data, [], 'a month not closed yet is in no page');

    const closed = await op('POST', '/shops/shop1/billing/close');
    assert.equal(closed.status, 200, closed.text);
    assert.deepEqual(
      closed.body.closed.map((m: { month: string; totalCents: number }) => [m.month, m.totalCents]),
      [['2026-12', 1587]],
    );
    assert.deepEqual((await op('POST', '/shops/shop1/billing/close')).body.closed, [], 'closes once');
    assert.equal((await op('POST', '/shops/shop2/billing/close')).body.closed.length, 1);
    const unknown = await op('POST', '/shops/nope/billing/close');
    assert.equal(unknown.status, 404);

    const december = await op('GET', '/shops/shop1/billing/months/2026-12');
    assert.equal(december.body.status, 'closed');
    assert.equal(december.body.closedAt, '2026-12-31T22:00:05.000Z');
    const billing = await op('GET', '/shops/shop1/billing');
    assert.deepEqual(billing.body.closedMonths, [
      { month: '2026-12', totalCents: 1587, closedAt: '2026-12-31T22:00:05.000Z' },
    ]);
    assert.equal(billing.body.currentMonth.month, '2027-01');

    const first = await op('GET', '/billing/invoice-lines?month=2026-12&limit=1');
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(
      [first.body.data.map((m: { shopId: string }) => m.shopId), first.body.hasMore, first.body.nextAfter],
      [['shop1'], true, 'shop1'],
    );
    const second = await op('GET', '/billing/invoice-lines?month=2026-12&limit=1&after=shop1');
    assert.deepEqual(
      [second.body.data.map((m: { shopId: string }) => m.shopId), second.body.hasMore],
      [['shop2'], false],
    );

    for (const answer of [
      await op('GET', '/billing/invoice-lines?month=2026-12&limit=1', { headers: { accept: 'text/csv' } }),
      await op('GET', '/billing/invoice-lines.csv?month=2026-12'),
    ]) {
      assert.equal(answer.status, 200, answer.text);
      assert.match(String(answer.headers['content-type']), /^text\/csv/);
      assert.match(String(answer.headers['content-disposition']), /invoice-lines-2026-12\.csv/);
      const rows = csvRows(answer);
      assert.deepEqual(rows[0], HEADER);
      assert.deepEqual(
        rows.slice(1).map((r) => [r[0], r[3], r[5], r[10]]),
        [
          ['shop1', 'fee', '1497', '2026-12-31T22:00:05.000Z'],
          ['shop1', 'commission', '90', '2026-12-31T22:00:05.000Z'],
          ['shop2', 'fee', '1497', '2026-12-31T22:00:05.000Z'],
          ['shop2', 'commission', '0', '2026-12-31T22:00:05.000Z'],
        ],
        'every shop, ignoring the page size',
      );
    }
    const noneClosed = await op('GET', '/billing/invoice-lines.csv?month=2027-01');
    assert.deepEqual(csvRows(noneClosed), [HEADER]);
  });

  test('a delivery reported after December closed is January’s correction; a credit stays a plain negative number in CSV', async () => {
    h.clock.set('2027-01-02T10:00:00Z');
    await h.call('POST', '/v1/orders', {
      body: orderBody('late', 'c1', { placedAt: '2026-12-31T20:00:00+02:00' }),
    });
    const delivered = await h.call('POST', '/v1/orders/late/deliver', {
      body: { deliveredAt: '2026-12-31T23:30:00+02:00' },
    });
    assert.equal(delivered.status, 200, delivered.text);
    const returned = await h.call('POST', '/v1/orders/o1/returns', {
      body: { id: 'r1', lines: [{ lineNo: 1, quantity: 1 }], returnedAt: '2026-12-30T12:00:00+02:00' },
    });
    assert.equal(returned.status, 201, returned.text);

    const january = await op('GET', '/shops/shop1/billing/months/2027-01');
    assert.deepEqual(
      january.body.lines
        .filter((l: { forMonth: string | null }) => l.forMonth)
        .map((l: { kind: string; forMonth: string; basisCents: number }) => [
          l.kind,
          l.forMonth,
          l.basisCents,
        ]),
      [
        ['late_commission', '2026-12', 5990],
        ['late_return_credit', '2026-12', january.body.lines.at(-1).basisCents],
      ],
    );
    const credit = january.body.lines.at(-1);
    assert.ok(credit.amountCents < 0);
    const csv = await op('GET', '/shops/shop1/billing/months/2027-01.csv');
    const row = csvRows(csv).at(-1)!;
    assert.deepEqual(
      [row[3], row[4], row[5]],
      ['late_return_credit', '2026-12', String(credit.amountCents)],
      'not quoted as text',
    );
    assert.equal(
      (await op('GET', '/shops/shop1/billing/months/2026-12')).body.totalCents,
      1587,
      'December as it closed',
    );
  });

  test('ending a shop’s subscription: applied once, then duplicate', async () => {
    const ended = await op('POST', '/shops/shop2/billing/end');
    assert.equal(ended.status, 200, ended.text);
    assert.deepEqual([ended.body.state, ended.body.outcome], ['ended', 'applied']);
    assert.equal(ended.body.endedAt, h.clock.now().toISOString());
    const again = await op('POST', '/shops/shop2/billing/end');
    assert.deepEqual([again.body.state, again.body.outcome], ['ended', 'duplicate']);
    const unknown = await op('POST', '/shops/nope/billing/end');
    assert.equal(unknown.status, 404);
  });

  test('Accept: CSV when text/csv is preferred over JSON, JSON otherwise', () => {
    for (const [accept, csv] of [
      [undefined, false],
      ['*/*', false],
      ['application/json', false],
      ['text/csv', true],
      ['text/csv; charset=utf-8', true],
      ['application/json, text/csv', false],
      ['text/csv, application/json', true],
      ['application/json;q=0.5, text/csv', true],
      ['text/csv;q=0, */*', false],
    ] as const) {
      assert.equal(prefersCsv(accept), csv, String(accept));
    }
  });
});

interface BillingCall {
  method: 'GET' | 'PUT' | 'DELETE' | 'POST';
  url: string;
  body?: unknown;
  /** The URL with another shop id, to send one too long, blank, badly encoded or unknown. */
  withId?: (id: string) => string;
  /** A request its own schema refuses with 422. */
  invalid?: string;
}

const PRICE = { monthlyFeeCents: 2900, commissionBp: 150 };
const BILLING_CALLS: BillingCall[] = [
  { method: 'GET', url: '/shops/shop1/billing', withId: (id) => `/shops/${id}/billing` },
  {
    method: 'GET',
    url: '/shops/shop1/billing/months/2026-12',
    withId: (id) => `/shops/${id}/billing/months/2026-12`,
    invalid: '/shops/shop1/billing/months/2026-13',
  },
  {
    method: 'PUT',
    url: '/shops/shop1/billing/price',
    body: PRICE,
    withId: (id) => `/shops/${id}/billing/price`,
  },
  { method: 'DELETE', url: '/shops/shop1/billing/price', withId: (id) => `/shops/${id}/billing/price` },
  { method: 'POST', url: '/shops/shop1/billing/close', withId: (id) => `/shops/${id}/billing/close` },
  { method: 'POST', url: '/shops/shop1/billing/end', withId: (id) => `/shops/${id}/billing/end` },
  { method: 'GET', url: '/billing/invoice-lines?month=2026-12', invalid: '/billing/invoice-lines?month=12' },
  {
    method: 'GET',
    url: '/billing/invoice-lines.csv?month=2026-12',
    invalid: '/billing/invoice-lines.csv?month=2026',
  },
];

/** The documented statuses of the billing operations, each produced, and nothing undocumented. */
describe('the operator API: billing’s documented statuses', () => {
  const h = suiteFixture(async () => {
    const harness = await apiHarness('2026-12-16T08:00:00Z');
    const operator = await createOperatorKey(harness.ctx, { name: 'Hosting platform' });
    return Object.assign(harness, { operatorKey: operator.key });
  });

  test('every documented status of every billing operation is produced, and only those', async () => {
    const sent: Sent[] = [];
    const document = (await h.call('GET', '/openapi.json', { key: null })).body;
    const send = async (method: string, url: string, options: Parameters<typeof h.call>[2]) => {
      const answer = await h.call(method, `/v1/operator${url}`, options);
      sent.push({ method, url: `/v1/operator${url}`, status: answer.status });
    };
    for (const c of BILLING_CALLS) {
      await send(c.method, c.url, { key: h.operatorKey, ...(c.body ? { body: c.body } : {}) });
      await send(c.method, c.url, { key: null });
      if (c.invalid) await send(c.method, c.invalid, { key: h.operatorKey });
      if (c.method !== 'GET') {
        await send(c.method, c.url, { key: h.operatorKey, raw: '{"broken' });
        await send(c.method, c.url, { key: h.operatorKey, raw: `{"x":"${'a'.repeat(1_100_000)}"}` });
        await send(c.method, c.url, {
          key: h.operatorKey,
          raw: 'x',
          headers: { 'content-type': 'text/plain' },
        });
        await send(c.method, c.url, { key: h.operatorKey, body: { monthlyFeeCents: 'x' } });
      }
      for (const id of c.withId ? ['x'.repeat(101), '%E0%A4%A', '%20', 'no-such-shop'] : []) {
        await send(c.method, c.withId!(id), { key: h.operatorKey, ...(c.body ? { body: c.body } : {}) });
      }
    }
    const { missing, undocumented, operations } = statusGaps(
      document,
      statusesSeen(document, sent),
      (path) => path.startsWith('/v1/operator/') && path.includes('/billing'),
    );
    assert.equal(operations, BILLING_CALLS.length);
    assert.deepEqual(missing, [], 'documented but never produced');
    assert.deepEqual(undocumented, [], 'produced but not documented');
  });
});
