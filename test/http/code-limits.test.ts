import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { insertCode } from '../support/fixtures.ts';
import { type ApiHarness, apiHarness, cart, join } from './harness.ts';

// One server and database for the whole file; each test starts from fresh windows (the clock moves
// two minutes on) and uses customers and addresses of its own.
let h: ApiHarness;
before(async () => {
  h = await apiHarness();
  for (const customer of ['c1', 'c2']) await join(h, customer);
  await insertCode(h.ctx, { shopId: 'shop1', code: 'C1-OWNED', customerId: 'c1', valueCents: 1000 });
});
after(() => h.close());

const fresh = () => h.clock.advance(120_000);

const checkBody = (customerId: string, clientIp: string, code = 'GUESS-0000') => ({
  code,
  customerId,
  storeVersionId: 'fi',
  loggedIn: true,
  cart: cart(3000),
  clientIp,
});

const check = (customerId: string, clientIp: string, code?: string, key = h.keys.full) =>
  h.call('POST', '/v1/checkout/code-checks', { key, body: checkBody(customerId, clientIp, code) });

const redeem = (customerId: string, clientIp: string, code: string, orderId: string, key = h.keys.full) =>
  h.call('POST', '/v1/checkout/redemptions', {
    key,
    body: { ...checkBody(customerId, clientIp, code), orderId },
  });

describe('code limits are kept per shop', () => {
  test('one shop’s checks from an address do not limit another shop’s shopper at that address', async () => {
    fresh();
    for (let i = 0; i < 30; i++) {
      const answer = await check(`a-${i}`, '10.77.0.1');
      assert.equal(answer.status, 200, `check ${i + 1}`);
    }
    assert.equal((await check('a-x', '10.77.0.1')).status, 429, 'shop1’s own limit is reached');
    const otherShop = await check('c1', '10.77.0.1', 'X', h.keys.otherShop);
    assert.equal(otherShop.status, 200, otherShop.text);
  });

  test('one shop’s failed redemptions from an address do not limit another shop there', async () => {
    fresh();
    for (let i = 0; i < 30; i++) await redeem(`r-${i}`, '10.77.0.2', `NOPE-${i}`, `o-${i}`);
    assert.equal((await redeem('r-x', '10.77.0.2', 'NOPE-X', 'o-x')).status, 429);
    const otherShop = await check('c1', '10.77.0.2', 'X', h.keys.otherShop);
    assert.equal(otherShop.status, 200, otherShop.text);
  });

  test('memory stays bounded: idle keys are evicted and beyond the cap the longest idle goes', async () => {
    const { CodeAttemptBudget } = await import('../../src/http/rate-limit/code-check-limit.ts');
    const budget = new CodeAttemptBudget(
      { perCustomer: { limit: 2, windowMs: 1000 }, perAddress: { limit: 3, windowMs: 1000 } },
      50,
    );
    const attempt = (shop: string, customer: string, address: string, now: number) => {
      const taken = budget.take(shop, customer, address, now);
      if (taken.allowed) taken.count();
    };
    for (let shop = 0; shop < 40; shop++) {
      for (let ip = 0; ip < 40; ip++) attempt(`shop${shop}`, `c${ip}`, `10.0.${shop}.${ip}`, shop * 40 + ip);
    }
    assert.ok(budget.size >= 99 && budget.size <= 100, `${budget.size} keys kept: at the cap`);
    for (let i = 0; i < 20_000; i++) attempt('late', `c${i % 10}`, '10.9.9.9', 100_000 + i);
    assert.ok(budget.size <= 20, `idle keys were evicted, ${budget.size} kept`);
  });
});

describe('redemptions are limited like checks', () => {
  test('failed redemptions count: the eleventh by one customer in a minute is 429 with Retry-After', async () => {
    fresh();
    for (let i = 0; i < 10; i++) {
      const answer = await redeem('c2', `192.0.2.${i + 1}`, `GUESS-${i}`, `o-guess-${i}`);
      assert.equal(answer.status, 409, `attempt ${i + 1}: ${answer.text}`);
    }
    const refused = await redeem('c2', '192.0.2.50', 'GUESS-X', 'o-guess-x');
    assert.equal(refused.status, 429, refused.text);
    assert.equal(refused.body.code, 'rate_limited');
    assert.match(refused.body.detail, /this customer/);
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 120, `Retry-After ${retryAfter}`);
    h.clock.advance(retryAfter * 1000);
    assert.equal((await redeem('c2', '192.0.2.51', 'GUESS-Y', 'o-guess-y')).status, 409);
  });

  test('thirty failed redemptions from one address, across customers; then 429 with Retry-After', async () => {
    fresh();
    for (let i = 0; i < 30; i++) {
      assert.equal((await redeem(`g-${i}`, '198.51.100.77', `G-${i}`, `o-g-${i}`)).status, 409);
    }
    const refused = await redeem('g-x', '198.51.100.77', 'G-X', 'o-g-x');
    assert.equal(refused.status, 429);
    assert.match(refused.body.detail, /client address/);
    assert.ok(Number(refused.headers['retry-after']) >= 1);
  });

  test('checks and redemptions draw on one budget', async () => {
    fresh();
    for (let i = 0; i < 10; i++) assert.equal((await check('c2', `192.0.2.${60 + i}`)).status, 200);
    const refused = await redeem('c2', '192.0.2.80', 'GUESS-Z', 'o-z');
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers['retry-after']) >= 1);
  });

  test('a redemption that succeeds costs nothing from the budget', async () => {
    fresh();
    await insertCode(h.ctx, { shopId: 'shop1', code: 'C1-SPEND', customerId: 'c1', valueCents: 500 });
    for (let i = 0; i < 9; i++) await check('c1', `192.0.2.${100 + i}`);
    const spent = await redeem('c1', '192.0.2.120', 'C1-SPEND', 'o-spend');
    assert.equal(spent.status, 201, spent.text);
    assert.equal((await check('c1', '192.0.2.121')).status, 200, 'the tenth check is still allowed');
    assert.equal((await check('c1', '192.0.2.122')).status, 429);
  });
});

describe('another member’s code answers exactly like a code that does not exist', () => {
  const strip = (body: Record<string, unknown>) => {
    const { requestId: _requestId, code: _code, ...rest } = body;
    return rest;
  };

  test('redemption: same status, problem code, reason, detail and field errors', async () => {
    fresh();
    const foreign = await redeem('c2', '203.0.113.1', 'C1-OWNED', 'o-foreign');
    const unknown = await redeem('c2', '203.0.113.2', 'NO-SUCH-CODE', 'o-unknown');
    assert.equal(foreign.status, unknown.status);
    assert.equal(foreign.status, 409);
    assert.deepEqual(
      [foreign.body.code, foreign.body.reason, foreign.body.detail, foreign.body.errors],
      [unknown.body.code, unknown.body.reason, unknown.body.detail, unknown.body.errors],
    );
    assert.equal(foreign.body.reason, 'not_found');
    assert.equal(foreign.headers['content-type'], unknown.headers['content-type']);
    const codes = await h.call('GET', '/v1/members/c1/codes');
    assert.equal(codes.body.data.find((c: { code: string }) => c.code === 'C1-OWNED').status, 'active');
  });

  test('code check: the same answer, apart from the code echoed back', async () => {
    fresh();
    const foreign = await check('c2', '203.0.113.3', 'C1-OWNED');
    const unknown = await check('c2', '203.0.113.4', 'NO-SUCH-CODE');
    assert.equal(foreign.status, 200);
    assert.deepEqual(strip(foreign.body), strip(unknown.body));
    assert.equal(foreign.body.reason, 'not_found');
  });

  test('the owner still gets the code', async () => {
    fresh();
    const own = await check('c1', '203.0.113.5', 'C1-OWNED');
    assert.equal(own.body.accepted, true, own.text);
  });
});
