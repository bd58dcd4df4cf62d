import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { upsertCustomer } from '../../src/app/customers/upsert-customer.ts';
import { orderEventResultsSchema } from '../../src/http/api/bulk-events-schemas.ts';
import { balanceOf, ledgerSum } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { type Answer, apiHarness, join, orderBody } from './harness.ts';

// One server and database for the whole file; each test uses customers and orders of its own, so
// any test passes alone or in any order (on PGlite, and on PostgreSQL with TEST_DATABASE_URL).
const h = suiteFixture(() => apiHarness());

/** A new customer of shop1 who joins the program now (10 join points). */
async function member(customerId: string) {
  await upsertCustomer(h.ctx, {
    shopId: 'shop1',
    customerId,
    email: `${customerId}@example.com`,
    name: `Customer ${customerId}`,
    registeredAt: h.ctx.clock.now(),
  });
  await join(h, customerId);
}

type Event = Record<string, unknown>;
const placed = (id: string, customerId: string | null, overrides: Record<string, unknown> = {}): Event => ({
  kind: 'placed',
  ...orderBody(id, customerId, overrides),
});
const delivered = (orderId: string): Event => ({
  kind: 'delivered',
  orderId,
  deliveredAt: '2026-06-16T12:00:00+03:00',
});
/** The SPEC order's scarf (25 points' worth) back. */
const returned = (orderId: string, id: string): Event => ({
  kind: 'returned',
  orderId,
  id,
  lines: [{ lineNo: 2, quantity: 1 }],
  returnedAt: '2026-06-20T10:00:00Z',
});
const cancelled = (orderId: string): Event => ({
  kind: 'cancelled',
  orderId,
  cancelledAt: '2026-06-17T09:00:00+03:00',
});

const send = (events: unknown, key?: string) => h.call('POST', '/v1/order-events', { body: { events }, key });

/** Each event's status and the `object` of its result or the `code` of its problem. */
function summary(answer: Answer): [number, string][] {
  assert.equal(answer.status, 200, answer.text);
  // The route serializes without checking its schema; the answer is checked here.
  orderEventResultsSchema.parse(answer.body);
  return answer.body.data.map(
    (r: { status: number; result: { object: string } | null; problem: { code: string } | null }) => [
      r.status,
      r.result ? r.result.object : r.problem!.code,
    ],
  );
}

/** What the shop's tables hold for these orders and members: any write would change it. */
async function stateOf(orderIds: string[], customerIds: string[]) {
  const { rows } = await sql<{ state: string }>`
    select json_build_array(
      (select json_agg(o order by o.id) from orders o where o.shop_id = 'shop1' and o.id = any(${orderIds}::text[])),
      (select json_agg(l order by l.order_id, l.line_no) from order_lines l
        where l.shop_id = 'shop1' and l.order_id = any(${orderIds}::text[])),
      (select json_agg(r order by r.id) from order_returns r
        where r.shop_id = 'shop1' and r.order_id = any(${orderIds}::text[])),
      (select json_agg(e order by e.id) from ledger_entries e
        where e.shop_id = 'shop1' and e.customer_id = any(${customerIds}::text[])),
      (select json_agg(b order by b.customer_id) from member_balances b
        where b.shop_id = 'shop1' and b.customer_id = any(${customerIds}::text[])),
      (select count(*) from order_figure_changes f where f.shop_id = 'shop1')
    )::text as state`.execute(h.ctx.db);
  return rows[0]!.state;
}

describe('POST /v1/order-events: many order events in one request', () => {
  test('mixed kinds in one request, each answered with its own status and outcome', async () => {
    await member('bm-c');
    await h.call('POST', '/v1/orders', { body: orderBody('bm-placed', 'bm-c') });
    await h.call('POST', '/v1/orders', { body: orderBody('bm-delivered', 'bm-c') });
    await h.call('POST', '/v1/orders/bm-delivered/deliver', { body: {} });
    await h.call('POST', '/v1/orders', { body: orderBody('bm-to-cancel', 'bm-c') });

    const answer = await send([
      placed('bm-new', 'bm-c'),
      delivered('bm-placed'),
      returned('bm-delivered', 'bm-delivered-r1'),
      cancelled('bm-to-cancel'),
    ]);
    assert.deepEqual(summary(answer), [
      [201, 'order_placed'],
      [200, 'delivery'],
      [201, 'return'],
      [200, 'cancellation'],
    ]);
    const [place, delivery, ret, cancel] = answer.body.data;
    assert.deepEqual(
      answer.body.data.map((r: { index: number; kind: string; orderId: string }) => [
        r.index,
        r.kind,
        r.orderId,
      ]),
      [
        [0, 'placed', 'bm-new'],
        [1, 'delivered', 'bm-placed'],
        [2, 'returned', 'bm-delivered'],
        [3, 'cancelled', 'bm-to-cancel'],
      ],
    );
    assert.deepEqual(place.result, {
      object: 'order_placed',
      orderId: 'bm-new',
      outcome: 'applied',
      eligibleCents: 5990,
      earns: true,
      notEarningReason: null,
    });
    // 10 for joining, 59 for bm-delivered before the request, 59 for bm-placed now.
    assert.deepEqual(delivery.result, {
      object: 'delivery',
      orderId: 'bm-placed',
      outcome: 'applied',
      pointsEarned: 59,
      balance: 10 + 59 + 59,
    });
    assert.deepEqual(ret.result, {
      object: 'return',
      id: 'bm-delivered-r1',
      orderId: 'bm-delivered',
      outcome: 'applied',
      pointsDeducted: 25,
      keptEligibleCents: 3490,
    });
    assert.deepEqual(cancel.result, {
      object: 'cancellation',
      orderId: 'bm-to-cancel',
      outcome: 'applied',
      pointsDeducted: 0,
      code: null,
    });
    assert.equal(place.problem, null);
    assert.equal(await balanceOf(h.ctx, 'shop1', 'bm-c'), 10 + 59 + 59 - 25);
    assert.equal(await ledgerSum(h.ctx, 'shop1', 'bm-c'), 10 + 59 + 59 - 25);
    assert.equal((await h.call('GET', '/v1/orders/bm-to-cancel')).body.status, 'cancelled');
  });

  test('sending the whole request again changes nothing and answers every event as a repeat', async () => {
    await member('br-c');
    await h.call('POST', '/v1/orders', { body: orderBody('br-cancel', 'br-c') });
    const events = [
      placed('br-1', 'br-c'),
      delivered('br-1'),
      returned('br-1', 'br-1-r1'),
      placed('br-2', null),
      delivered('br-2'),
      cancelled('br-cancel'),
    ];
    const first = await send(events);
    assert.deepEqual(summary(first), [
      [201, 'order_placed'],
      [200, 'delivery'],
      [201, 'return'],
      [201, 'order_placed'],
      [200, 'delivery'],
      [200, 'cancellation'],
    ]);
    const orders = ['br-1', 'br-2', 'br-cancel'];
    const before = await stateOf(orders, ['br-c']);

    const again = await send(events);
    assert.deepEqual(
      summary(again).map(([status]) => status),
      [200, 200, 200, 200, 200, 200],
    );
    assert.deepEqual(
      again.body.data.map((r: { result: { outcome: string } }) => r.result.outcome),
      ['duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate'],
    );
    const [, delivery, ret] = again.body.data;
    assert.deepEqual([delivery.result.pointsEarned, delivery.result.balance], [59, null]);
    assert.deepEqual([ret.result.pointsDeducted, ret.result.keptEligibleCents], [25, 3490]);
    assert.equal(await stateOf(orders, ['br-c']), before);
    assert.equal(await balanceOf(h.ctx, 'shop1', 'br-c'), 10 + 34);
  });

  test('events that are not valid or are refused are answered on their own; the others are recorded', async () => {
    await member('bi-c');
    const answer = await send([
      placed('bi-1', 'bi-c'),
      placed('bi-2', 'bi-c', { lines: [{ productId: 'p', quantity: 0, unitPriceCents: 100 }] }),
      { kind: 'shipped', orderId: 'bi-1' },
      42,
      delivered('bi-unknown'),
      placed('bi-3', 'bi-nobody'),
      delivered('bi-1'),
      { ...returned('bi-1', 'bi-1-r1'), lines: [{ lineNo: 2, quantity: 2 }] },
      returned('bi-1', 'bi-1-r2'),
    ]);
    assert.deepEqual(summary(answer), [
      [201, 'order_placed'],
      [422, 'invalid_input'],
      [422, 'invalid_input'],
      [422, 'invalid_input'],
      [404, 'order_not_found'],
      [404, 'customer_not_found'],
      [200, 'delivery'],
      [422, 'return_exceeds_order'],
      [201, 'return'],
    ]);
    const problems = answer.body.data.map((r: { problem: { errors?: { field: string }[] } | null }) =>
      r.problem?.errors?.map((e) => e.field),
    );
    assert.deepEqual(problems.slice(1, 4), [['lines.0.quantity'], ['kind'], ['(event)']]);
    const refused = answer.body.data[4];
    assert.deepEqual(
      [refused.kind, refused.orderId, refused.problem.status, refused.problem.detail],
      ['delivered', 'bi-unknown', 404, 'Order "bi-unknown" does not exist in this shop'],
    );
    assert.match(refused.problem.type, /^\/problems\/order_not_found$/);
    assert.equal(refused.problem.requestId, answer.headers['x-request-id']);
    assert.deepEqual([answer.body.data[2].kind, answer.body.data[2].orderId], [null, null]);
    assert.equal(await balanceOf(h.ctx, 'shop1', 'bi-c'), 10 + 59 - 25);
    assert.equal((await h.call('GET', '/v1/orders/bi-2')).status, 404);
  });

  test('events of one order apply in the order sent: placed, delivered and returned in one request', async () => {
    await member('bo-c');
    const answer = await send([
      delivered('bo-1'),
      placed('bo-1', 'bo-c'),
      delivered('bo-1'),
      returned('bo-1', 'bo-1-r1'),
      delivered('bo-1'),
      placed('bo-2', 'bo-c'),
      returned('bo-2', 'bo-2-r1'),
      delivered('bo-2'),
    ]);
    assert.deepEqual(summary(answer), [
      [404, 'order_not_found'],
      [201, 'order_placed'],
      [200, 'delivery'],
      [201, 'return'],
      [200, 'delivery'],
      [201, 'order_placed'],
      [201, 'return'],
      [200, 'delivery'],
    ]);
    const [, , delivery, ret, repeat, , earlyReturn, lateDelivery] = answer.body.data;
    assert.deepEqual(
      [delivery.result.outcome, delivery.result.pointsEarned, delivery.result.balance],
      ['applied', 59, 69],
    );
    assert.deepEqual([ret.result.pointsDeducted, repeat.result.outcome], [25, 'duplicate']);
    // Returned before it was delivered: the delivery credits what is kept.
    assert.deepEqual([earlyReturn.result.pointsDeducted, lateDelivery.result.pointsEarned], [0, 34]);
    assert.equal(await balanceOf(h.ctx, 'shop1', 'bo-c'), 10 + 34 + 34);
    assert.equal(await ledgerSum(h.ctx, 'shop1', 'bo-c'), 10 + 34 + 34);
  });

  test('deliveries of one member in one request answer the balance just after each, in their order', async () => {
    await member('bs-c');
    await member('bs-d');
    assert.equal(
      (await send([placed('bs-1', 'bs-c'), placed('bs-2', 'bs-c'), placed('bs-3', 'bs-d')])).status,
      200,
    );
    const answer = await send([delivered('bs-2'), delivered('bs-3'), delivered('bs-1')]);
    assert.deepEqual(
      answer.body.data.map((r: { result: { orderId: string; balance: number } }) => [
        r.result.orderId,
        r.result.balance,
      ]),
      [
        ['bs-2', 10 + 59],
        ['bs-3', 10 + 59],
        ['bs-1', 10 + 59 + 59],
      ],
    );
    assert.equal(await balanceOf(h.ctx, 'shop1', 'bs-c'), 10 + 59 + 59);
  });

  test('a request that is not a list of 1–1,000 events, or is over 1 MB, is refused as a whole', async () => {
    await member('bw-c');
    const tooMany = Array.from({ length: 1001 }, (_, i) => placed(`bw-${i}`, 'bw-c'));
    const answer = await send(tooMany);
    assert.equal(answer.status, 422, answer.text.slice(0, 500));
    assert.equal(answer.body.code, 'invalid_input');
    assert.deepEqual(
      answer.body.errors.map((e: { field: string }) => e.field),
      ['events'],
    );
    assert.match(answer.body.errors[0].message, /At most 1000 events/);
    for (const body of [{ events: placed('bw-x', 'bw-c') }, { events: [] }, {}, [placed('bw-x', 'bw-c')]]) {
      const refused = await h.call('POST', '/v1/order-events', { body });
      assert.equal(refused.status, 422, refused.text);
      assert.equal(refused.body.code, 'invalid_input');
    }
    const large = await h.call('POST', '/v1/order-events', {
      raw: JSON.stringify({ events: [placed('bw-big', 'bw-c', { storeVersionId: 'x'.repeat(1_100_000) })] }),
    });
    assert.deepEqual([large.status, large.body.code], [413, 'payload_too_large']);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from orders where shop_id = 'shop1' and id like 'bw-%'`.execute(h.ctx.db);
    assert.equal(rows[0]!.n, 0);

    const full = await send(Array.from({ length: 1000 }, (_, i) => placed(`bw-${i}`, 'bw-c')));
    assert.equal(full.body.data.length, 1000);
    assert.ok(full.body.data.every((r: { status: number }) => r.status === 201));
  });

  test('with an Idempotency-Key the first answer is replayed', async () => {
    await member('bk-c');
    const body = { events: [placed('bk-1', 'bk-c'), delivered('bk-1')] };
    const headers = { 'idempotency-key': 'bk-sync-1' };
    const first = await h.call('POST', '/v1/order-events', { body, headers });
    const again = await h.call('POST', '/v1/order-events', { body, headers });
    assert.deepEqual(summary(first), [
      [201, 'order_placed'],
      [200, 'delivery'],
    ]);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.body, first.body);
  });

  test('a read-only key is refused and nothing is recorded', async () => {
    const answer = await send([placed('bro-1', null)], h.keys.readOnly);
    assert.deepEqual([answer.status, answer.body.code], [403, 'api_key_read_only']);
    assert.equal((await h.call('GET', '/v1/orders/bro-1')).status, 404);
  });

  test('another shop’s key finds none of this shop’s orders', async () => {
    await h.call('POST', '/v1/orders', { body: orderBody('bx-1', null) });
    const answer = await send([delivered('bx-1'), cancelled('bx-1')], h.keys.otherShop);
    assert.deepEqual(summary(answer), [
      [404, 'order_not_found'],
      [404, 'order_not_found'],
    ]);
    assert.equal((await h.call('GET', '/v1/orders/bx-1')).body.status, 'placed');
  });
});
