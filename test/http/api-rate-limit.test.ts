import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiKey } from '../../src/app/api-keys/create-api-key.ts';
import { setShopApiRateLimit } from '../../src/app/shops/api-rate-limit.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import { KEY_CACHE_MS } from '../../src/http/auth/key-cache.ts';
import { buildServer } from '../../src/http/server.ts';
import { testApp } from '../support/database.ts';
import { type Answer, type ApiHarness, apiHarness } from './harness.ts';

/** Each key: 2 requests a second, 5 at once; shop2 has its own budget of 1 a second, 3 at once. */
describe('per-key rate limit of the store API', () => {
  let h: ApiHarness;
  before(async () => {
    h = await apiHarness(undefined, { apiRateLimit: { perKey: { perSecond: 2, burst: 5 } } });
    await setShopApiRateLimit(h.ctx, 'shop2', { perSecond: 1, burst: 3 });
  });
  after(() => h.close());

  const limit = (a: Answer) => ({ policy: a.headers['ratelimit-policy'], now: a.headers.ratelimit });

  test('every answer to a key carries the policy and what is left: 200, 4xx, a replay; then 429', async () => {
    const ok = await h.call('GET', '/v1/api-key');
    assert.equal(ok.status, 200);
    assert.deepEqual(limit(ok), { policy: '"per-key";q=5;w=3', now: '"per-key";r=4;t=1' });

    const notFound = await h.call('GET', '/v1/members/nobody');
    assert.equal(notFound.status, 404);
    assert.deepEqual(limit(notFound), { policy: '"per-key";q=5;w=3', now: '"per-key";r=3;t=1' });

    const invalid = await h.call('POST', '/v1/members', { body: { customerId: 'c1', source: 'nope' } });
    assert.equal(invalid.status, 422);
    assert.equal(invalid.headers.ratelimit, '"per-key";r=2;t=2');

    const body = { customerId: 'c1', source: 'registration' };
    const headers = { 'idempotency-key': 'join-c1' };
    const first = await h.call('POST', '/v1/members', { body, headers });
    assert.equal(first.status, 201);
    assert.equal(first.headers.ratelimit, '"per-key";r=1;t=2');
    const replay = await h.call('POST', '/v1/members', { body, headers });
    assert.equal(replay.status, 201);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.deepEqual(limit(replay), { policy: '"per-key";q=5;w=3', now: '"per-key";r=0;t=1' });

    const refused = await h.call('GET', '/v1/api-key');
    assert.equal(refused.status, 429);
    assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
    assert.equal(refused.body.code, 'rate_limited');
    assert.equal(refused.body.status, 429);
    assert.equal(refused.headers['retry-after'], '1');
    assert.deepEqual(limit(refused), { policy: '"per-key";q=5;w=3', now: '"per-key";r=0;t=1' });
    // A refused request costs nothing more: the next is refused the same way.
    assert.equal((await h.call('GET', '/v1/api-key')).headers.ratelimit, '"per-key";r=0;t=1');
  });

  test('the budget refills with time: one request per half second, up to the burst', async () => {
    h.clock.advance(499);
    assert.equal((await h.call('GET', '/v1/api-key')).status, 429);
    h.clock.advance(1);
    const one = await h.call('GET', '/v1/api-key');
    assert.equal(one.status, 200);
    assert.equal(one.headers.ratelimit, '"per-key";r=0;t=1');
    assert.equal((await h.call('GET', '/v1/api-key')).status, 429);
    h.clock.advance(60_000);
    const full = await h.call('GET', '/v1/api-key');
    assert.equal(full.headers.ratelimit, '"per-key";r=4;t=1', 'back to the burst of 5, not more');
  });

  test('requests refused by authentication count against no key and carry no RateLimit fields', async () => {
    h.clock.advance(60_000);
    for (const key of [null, 'lk_live_nonsense', h.keys.revoked]) {
      const denied = await h.call('GET', '/v1/api-key', { key });
      assert.equal(denied.status, 401);
      assert.equal(denied.headers.ratelimit, undefined);
      assert.equal(denied.headers['ratelimit-policy'], undefined);
    }
    assert.equal((await h.call('GET', '/v1/api-key')).headers.ratelimit, '"per-key";r=4;t=1');
    // Routes outside /v1 are not limited either.
    const health = await h.app.inject({ method: 'GET', url: '/health' });
    assert.equal(health.headers.ratelimit, undefined);
  });

  test('each key has its own budget; a shop with its own budget applies it to its keys', async () => {
    h.clock.advance(60_000);
    for (let i = 0; i < 5; i++) assert.equal((await h.call('GET', '/v1/api-key')).status, 200);
    assert.equal((await h.call('GET', '/v1/api-key')).status, 429);
    const readOnly = await h.call('GET', '/v1/api-key', { key: h.keys.readOnly });
    assert.equal(readOnly.status, 200, "the shop's other key is not limited by the first");
    assert.equal(readOnly.headers.ratelimit, '"per-key";r=4;t=1');

    const other = await h.call('GET', '/v1/api-key', { key: h.keys.otherShop });
    assert.equal(other.status, 200);
    assert.deepEqual(limit(other), { policy: '"per-key";q=3;w=3', now: '"per-key";r=2;t=1' });
    await h.call('GET', '/v1/api-key', { key: h.keys.otherShop });
    await h.call('GET', '/v1/api-key', { key: h.keys.otherShop });
    const refused = await h.call('GET', '/v1/api-key', { key: h.keys.otherShop });
    assert.equal(refused.status, 429);
    assert.equal(refused.headers['retry-after'], '1');
  });
});

describe("a shop's own budget reaches running servers", () => {
  test('read with the key, reused without a query, and a change applies after the cache time', async () => {
    const app = await testApp();
    try {
      await createShop(app.ctx, { id: 's1', name: 'S', storeVersions: [] });
      const { key } = await createApiKey(app.ctx, { shopId: 's1', name: 'k', readOnly: false });
      let reads = 0;
      const counting = {
        ...app.ctx,
        db: new Proxy(app.ctx.db, {
          get(target, prop) {
            if (prop === 'updateTable') reads++;
            const value = Reflect.get(target, prop, target);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        }),
      };
      const server = await buildServer({
        ctx: counting,
        apiRateLimit: { perKey: { perSecond: 100, burst: 200 } },
      });
      const policy = async () => {
        const answer = await server.inject({
          url: '/v1/api-key',
          headers: { authorization: `Bearer ${key}` },
        });
        assert.equal(answer.statusCode, 200);
        return answer.headers['ratelimit-policy'];
      };
      try {
        assert.equal(await policy(), '"per-key";q=200;w=2', 'the default');
        for (let i = 0; i < 100; i++) {
          app.clock.advance(99);
          await policy();
        }
        assert.equal(reads, 1, 'one reading for many requests');

        await setShopApiRateLimit(app.ctx, 's1', { perSecond: 5, burst: 7 });
        app.clock.advance(99);
        assert.equal(await policy(), '"per-key";q=200;w=2', 'within the cache time: the rule read before');
        app.clock.advance(KEY_CACHE_MS);
        assert.equal(await policy(), '"per-key";q=7;w=2');
        assert.equal(reads, 2);

        await setShopApiRateLimit(app.ctx, 's1', null);
        app.clock.advance(KEY_CACHE_MS);
        assert.equal(await policy(), '"per-key";q=200;w=2', 'back to the default');
      } finally {
        await server.close();
      }
    } finally {
      await app.close();
    }
  });

  test('bad budgets and unknown shops are refused', async () => {
    const app = await testApp();
    try {
      await assert.rejects(
        setShopApiRateLimit(app.ctx, 'nope', { perSecond: 1, burst: 1 }),
        /does not exist/,
      );
      await createShop(app.ctx, { id: 's1', name: 'S', storeVersions: [] });
      await assert.rejects(setShopApiRateLimit(app.ctx, 's1', { perSecond: 0, burst: 1 }), /not valid/);
      await assert.rejects(setShopApiRateLimit(app.ctx, 's1', { perSecond: 1, burst: 1.5 }), /not valid/);
      await createApiKey(app.ctx, { shopId: 's1', name: 'k', readOnly: false });
    } finally {
      await app.close();
    }
  });
});
