import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { insertCode } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { apiHarness, assertRefusedFields, cart, join, orderBody } from './harness.ts';

// One server and database for the whole file; each group below uses its own customers.
const h = suiteFixture(() => apiHarness());

/** A logged-in customer's checkout in the Finnish web shop with `code` and a cart of `cartCents`. */
const checkoutBody = (
  code: string,
  customerId: string,
  cartCents: number,
  more: Record<string, unknown> = {},
) => ({
  code,
  customerId,
  storeVersionId: 'fi',
  loggedIn: true,
  cart: cart(cartCents),
  ...more,
});

describe('checkout: refused codes', () => {
  let ip = 0;
  before(async () => {
    await join(h, 'c1');
    await join(h, 'c2');
    const now = h.clock.now();
    await insertCode(h.ctx, { shopId: 'shop1', code: 'C1-CODE', customerId: 'c1', valueCents: 1000 });
    await insertCode(h.ctx, {
      shopId: 'shop1',
      code: 'C1-USED',
      customerId: 'c1',
      status: 'used',
      usedOrderId: 'old',
    });
    await insertCode(h.ctx, {
      shopId: 'shop1',
      code: 'C1-EXPIRED',
      customerId: 'c1',
      issuedAt: new Date(now.getTime() - 100 * 86_400_000),
      expiresAt: new Date(now.getTime() - 1000),
    });
    await insertCode(h.ctx, { shopId: 'shop1', code: 'C3-CODE', customerId: 'c3' });
    await insertCode(h.ctx, { shopId: 'shop2', code: 'SHOP2-CODE', customerId: 'c1' });
  });

  // Each check from its own address, so that these tests do not meet the per-address limit.
  const check = (body: Record<string, unknown>, key = h.keys.full) =>
    h.call('POST', '/v1/checkout/code-checks', {
      key,
      body: checkoutBody('C1-CODE', 'c1', 3000, { clientIp: `203.0.113.${++ip}`, ...body }),
    });

  const cases: [string, Record<string, unknown>, string][] = [
    ['an unknown code', { code: 'NOPE' }, 'not_found'],
    ['another shop’s code', { code: 'SHOP2-CODE' }, 'not_found'],
    ['another member’s code, answered like an unknown one', { customerId: 'c2' }, 'not_found'],
    ['a guest, not logged in', { loggedIn: false }, 'not_logged_in'],
    ['an owner who is not a member', { code: 'C3-CODE', customerId: 'c3' }, 'not_member'],
    ['a version where the program is hidden', { storeVersionId: 'b2b' }, 'hidden_in_version'],
    ['a used code', { code: 'C1-USED' }, 'used'],
    ['an expired code', { code: 'C1-EXPIRED' }, 'expired'],
    [
      'a cart of gift cards only',
      { cart: { lines: [{ productId: 'g', quantity: 1, unitPriceCents: 5000, giftCard: true }] } },
      'only_gift_cards',
    ],
    [
      'a cart the shop already discounted to zero',
      { cart: { ...cart(1000), orderDiscountCents: 1000 } },
      'nothing_to_discount',
    ],
  ];
  for (const [name, body, reason] of cases) {
    test(`${name}: refused with reason ${reason}, value not shown`, async () => {
      const answer = await check(body);
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.body.accepted, false);
      assert.equal(answer.body.reason, reason);
      assert.equal(answer.body.discountCents, 0);
      assert.equal(answer.body.valueCents, null);
      assert.equal(answer.body.expiresAt, null);
      assert.ok(answer.body.message.length > 10);
    });
  }

  test('redeeming a refused code is a 409 code_refused problem carrying the reason, and spends nothing', async () => {
    const answer = await h.call('POST', '/v1/checkout/redemptions', {
      body: checkoutBody('C1-CODE', 'c2', 3000, { orderId: 'o-x' }),
    });
    assert.equal(answer.status, 409);
    assert.match(String(answer.headers['content-type']), /application\/problem\+json/);
    assert.deepEqual([answer.body.code, answer.body.reason], ['code_refused', 'not_found']);
    assert.equal(answer.body.errors[0].field, 'code');
    const codes = await h.call('GET', '/v1/members/c1/codes');
    assert.equal(codes.body.data.find((c: { code: string }) => c.code === 'C1-CODE').status, 'active');
  });

  test('a second order cannot spend a code the first one used', async () => {
    // A code of its own: C1-CODE stays active for the other tests.
    await insertCode(h.ctx, { shopId: 'shop1', code: 'C1-ONCE', customerId: 'c1' });
    const body = checkoutBody('C1-ONCE', 'c1', 3000);
    const first = await h.call('POST', '/v1/checkout/redemptions', { body: { ...body, orderId: 'o-1' } });
    assert.equal(first.status, 201);
    const second = await h.call('POST', '/v1/checkout/redemptions', { body: { ...body, orderId: 'o-2' } });
    assert.deepEqual([second.status, second.body.code, second.body.reason], [409, 'code_refused', 'used']);
  });

  test('a code cannot be spent on a cancelled order, nor on another customer’s order', async () => {
    // Fresh windows: c1's checks and refused redemptions above drew on the same budget.
    h.clock.advance(120_000);
    await insertCode(h.ctx, { shopId: 'shop1', code: 'C1-SPARE', customerId: 'c1' });
    await h.call('POST', '/v1/orders', { body: orderBody('o-cancelled', 'c1') });
    await h.call('POST', '/v1/orders/o-cancelled/cancel');
    await h.call('POST', '/v1/orders', { body: orderBody('o-of-c2', 'c2') });
    const body = checkoutBody('C1-SPARE', 'c1', 3000);
    const cancelled = await h.call('POST', '/v1/checkout/redemptions', {
      body: { ...body, orderId: 'o-cancelled' },
    });
    assert.deepEqual([cancelled.status, cancelled.body.code], [409, 'order_cancelled']);
    const foreign = await h.call('POST', '/v1/checkout/redemptions', {
      body: { ...body, orderId: 'o-of-c2' },
    });
    assert.deepEqual([foreign.status, foreign.body.code], [409, 'order_conflict']);
  });

  test('an invalid cart is refused field by field', async () => {
    const answer = await check({ cart: { lines: [{ productId: '', quantity: 0, unitPriceCents: -1 }] } });
    assertRefusedFields(
      answer,
      ['cart.lines.0.productId', 'cart.lines.0.quantity', 'cart.lines.0.unitPriceCents'],
      'invalid_input',
    );
  });

  test('an invalid client address is refused', async () => {
    const answer = await check({ clientIp: 'somewhere' });
    assert.deepEqual([answer.status, answer.body.errors[0].field], [422, 'clientIp']);
  });
});

describe('checkout: brute-force protection', () => {
  before(() => {
    // Start from fresh windows: the checks above counted too.
    h.clock.advance(120_000);
  });

  const guess = (customerId: string, clientIp: string, code = 'GUESS') =>
    h.call('POST', '/v1/checkout/code-checks', {
      body: checkoutBody(code, customerId, 1000, { clientIp }),
    });

  test('ten checks a minute per customer; the eleventh is 429 with Retry-After, and time lets it through', async () => {
    for (let i = 0; i < 10; i++) assert.equal((await guess('c1', `192.0.2.${i + 1}`)).status, 200);
    const refused = await guess('c1', '192.0.2.50');
    assert.equal(refused.status, 429);
    assert.equal(refused.body.code, 'rate_limited');
    assert.match(refused.body.detail, /this customer/);
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 120, `Retry-After ${retryAfter}`);
    h.clock.advance(retryAfter * 1000);
    assert.equal((await guess('c1', '192.0.2.51')).status, 200);
  });

  test('another customer and another shop are counted apart', async () => {
    assert.equal((await guess('c2', '192.0.2.60')).status, 200);
    const otherShop = await h.call('POST', '/v1/checkout/code-checks', {
      key: h.keys.otherShop,
      body: checkoutBody('X', 'c1', 1000, { clientIp: '192.0.2.61' }),
    });
    assert.equal(otherShop.status, 200);
  });

  test('thirty checks a minute per client address, across customers', async () => {
    h.clock.advance(120_000);
    for (let i = 0; i < 30; i++) {
      const answer = await guess(`guesser-${i}`, '198.51.100.99');
      assert.equal(answer.status, 200, `check ${i + 1}`);
    }
    const refused = await guess('guesser-x', '198.51.100.99');
    assert.equal(refused.status, 429);
    assert.match(refused.body.detail, /client address/);
    assert.ok(Number(refused.headers['retry-after']) >= 1);
  });

  test('without clientIp the caller’s own address is counted', async () => {
    h.clock.advance(120_000);
    const answers = [];
    for (let i = 0; i < 31; i++) {
      answers.push(
        await h.call('POST', '/v1/checkout/code-checks', {
          body: checkoutBody('G', `anon-${i}`, 1000),
        }),
      );
    }
    assert.equal(answers.filter((a) => a.status === 429).length, 1);
  });

  test('a refused check is not kept under its Idempotency-Key: the retry runs again', async () => {
    h.clock.advance(120_000);
    for (let i = 0; i < 10; i++) await guess('c1', `192.0.2.${100 + i}`);
    const send = () =>
      h.call('POST', '/v1/checkout/code-checks', {
        headers: { 'idempotency-key': 'check-after-limit' },
        body: checkoutBody('GUESS', 'c1', 1000, { clientIp: '192.0.2.200' }),
      });
    const refused = await send();
    assert.equal(refused.status, 429);
    // As long as the answer said: where a minute ends depends on the clock, not on a fixed wait.
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 120, `Retry-After ${retryAfter}`);
    h.clock.advance(retryAfter * 1000);
    const retried = await send();
    assert.equal(retried.status, 200);
    assert.equal(retried.headers['idempotent-replayed'], undefined);
  });
});
