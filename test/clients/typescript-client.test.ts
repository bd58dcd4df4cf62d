import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  createLoyaltyClient,
  isProblem,
  type LoyaltyClient,
  type NewOrder,
  type Problem,
} from '../../clients/typescript/src/index.ts';
import { runMonthlyConversion } from '../../src/app/monthly/run-monthly-conversion.ts';
import { type ApiHarness, apiHarness } from '../http/harness.ts';

// The checked-in client (clients/typescript) against the real server listening on a port: a member
// earns points on a delivered order, the month's conversion turns them into a code, and the
// checkout checks and spends it. shop1 pays 10 join points, 1 point per euro, tiers 100 → 5 €,
// 250 → 15 €, 500 → 40 €.
describe('TypeScript client: order → delivery → balance → monthly code → checkout', () => {
  let h: ApiHarness;
  let loyalty: LoyaltyClient;
  let code: string;

  before(async () => {
    h = await apiHarness('2026-06-15T10:00:00Z');
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = h.app.server.address() as AddressInfo;
    loyalty = createLoyaltyClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: h.keys.full });
  });
  after(() => h.close());

  const customerId = 'c1';
  const cart = { lines: [{ productId: 'boots', quantity: 1, unitPriceCents: 4990 }] };

  test('the customer joins and earns 300 points on a delivered 300.00 € order', async () => {
    const joined = await loyalty.POST('/v1/members', { body: { customerId, source: 'registration' } });
    assert.equal(joined.response.status, 201);
    assert.equal(joined.data?.balance, 10, 'the join points');

    const order: NewOrder = {
      id: 'client-o1',
      customerId,
      storeVersionId: 'fi',
      loggedIn: true,
      placedAt: '2026-06-15T13:00:00+03:00',
      lines: [{ productId: 'coat', category: 'clothes', quantity: 1, unitPriceCents: 30000 }],
    };
    const placed = await loyalty.POST('/v1/orders', {
      body: order,
      params: { header: { 'idempotency-key': 'client-test-order-1' } },
    });
    assert.equal(placed.response.status, 201);
    assert.deepEqual([placed.data?.eligibleCents, placed.data?.earns], [30000, true]);

    const delivered = await loyalty.POST('/v1/orders/{orderId}/deliver', {
      params: { path: { orderId: 'client-o1' } },
      body: {},
    });
    assert.deepEqual([delivered.data?.pointsEarned, delivered.data?.balance], [300, 310]);

    const member = await loyalty.GET('/v1/members/{customerId}', { params: { path: { customerId } } });
    assert.equal(member.data?.balance, 310);
  });

  test("the month's conversion gives a 15.00 € code for 250 points, which the client lists", async () => {
    h.clock.set(new Date('2026-07-01T09:00:00+03:00'));
    const run = await runMonthlyConversion(h.ctx, { shopId: 'shop1', period: '2026-07', mail: false });
    assert.equal(run.outcome, 'completed');

    const codes = await loyalty.GET('/v1/members/{customerId}/codes', { params: { path: { customerId } } });
    assert.equal(codes.data?.data.length, 1);
    const issued = codes.data!.data[0]!;
    assert.deepEqual(
      [issued.valueCents, issued.points, issued.status, issued.period],
      [1500, 250, 'active', '2026-07'],
    );
    code = issued.code;

    const member = await loyalty.GET('/v1/members/{customerId}', { params: { path: { customerId } } });
    assert.equal(member.data?.balance, 60, '310 − 250');
  });

  test('the checkout accepts the code for 15.00 € off a 49.90 € cart', async () => {
    const checked = await loyalty.POST('/v1/checkout/code-checks', {
      body: { code, customerId, storeVersionId: 'fi', loggedIn: true, cart },
    });
    assert.equal(checked.error, undefined);
    assert.deepEqual(
      [checked.data?.accepted, checked.data?.discountCents, checked.data?.valueCents, checked.data?.reason],
      [true, 1500, 1500, null],
    );
  });

  test('an unknown code is refused with reason not_found, and a code is spent only once', async () => {
    const unknown = await loyalty.POST('/v1/checkout/code-checks', {
      body: { code: 'AAAA-BBBB-CCCC-D', customerId, storeVersionId: 'fi', loggedIn: true, cart },
    });
    assert.deepEqual(
      [unknown.data?.accepted, unknown.data?.discountCents, unknown.data?.reason],
      [false, 0, 'not_found'],
    );

    const redeemed = await loyalty.POST('/v1/checkout/redemptions', {
      body: { code, customerId, storeVersionId: 'fi', loggedIn: true, cart, orderId: 'client-o2' },
    });
    assert.equal(redeemed.data?.discountCents, 1500);

    const again = await loyalty.POST('/v1/checkout/code-checks', {
      body: { code, customerId, storeVersionId: 'fi', loggedIn: true, cart },
    });
    assert.deepEqual([again.data?.accepted, again.data?.reason], [false, 'used']);
  });

  test('a refusal comes back as a typed problem document', async () => {
    const { data, error, response } = await loyalty.POST('/v1/orders/{orderId}/deliver', {
      params: { path: { orderId: 'no-such-order' } },
      body: {},
    });
    assert.equal(data, undefined);
    assert.ok(isProblem(error), 'the error is the problem document');
    const problem: Problem = error;
    assert.deepEqual([problem.status, problem.code], [404, 'order_not_found']);
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  });

  test('a wrong API key is refused with 401 api_key_invalid', async () => {
    const { port } = h.app.server.address() as AddressInfo;
    const stranger = createLoyaltyClient({ baseUrl: `http://127.0.0.1:${port}/`, apiKey: 'lk_live_nope' });
    const { error, response } = await stranger.GET('/v1/members/{customerId}', {
      params: { path: { customerId } },
    });
    assert.equal(response.status, 401);
    assert.equal(error?.code, 'api_key_invalid');
  });
});
