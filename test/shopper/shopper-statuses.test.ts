import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { suspendShop } from '../../src/app/shops/provision-shop.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { shopperHarness } from './shopper-harness.ts';

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document as JSON
type Json = any;

/** Statuses every operation documents that no request here produces: a failure of the service or its database. */
const NEVER_PRODUCED = new Set([500, 503]);

/**
 * Every status the OpenAPI document gives a shopper operation is produced by a real request, and
 * no request answers with a status its operation does not document: the shopper routes' part of
 * test/http/documented-statuses.test.ts (they take a token, not an API key).
 */
describe('the shopper routes answer exactly the statuses they document', () => {
  const h = suiteFixture(() =>
    shopperHarness({ perShopper: { perSecond: 1, burst: 1000 }, perAddress: { perSecond: 1, burst: 1000 } }),
  );
  const seen: { method: string; url: string; status: number }[] = [];
  const send = async (method: string, url: string, options: Parameters<typeof h.call>[2] = {}) => {
    const answer = await h.call(method, url, options);
    seen.push({ method, url, status: answer.status });
    return answer;
  };
  const raw = async (
    method: string,
    url: string,
    token: string,
    payload: string,
    type = 'application/json',
  ) => {
    const answer = await h.app.inject({
      method: method as 'POST',
      url,
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      payload,
    });
    seen.push({ method, url, status: answer.statusCode });
  };

  test('each documented status is produced, and only those', async () => {
    const token = await h.token();
    const program = '/v1/shopper/shops/shop1/store-versions/fi/program';
    const preview = '/v1/shopper/shops/shop1/store-versions/fi/points-preview';
    const lines = { lines: [{ productId: 'p', quantity: 1, unitPriceCents: 1000 }] };
    const me = '/v1/shopper/shops/shop1/me';
    const mine = [me, `${me}/ledger`, `${me}/codes`, `${me}/marketing-consent`];
    const consent = `${me}/marketing-consent`;

    await send('GET', program);
    await send('POST', preview, { body: lines });
    for (const url of mine) await send('GET', url, { token });
    await send('POST', `${me}/join`, { token, body: { source: 'registration' } });
    await send('POST', `${me}/join`, { token, body: {} }); // 409 already_member
    await send('POST', `${me}/leave`, { token });
    await send('POST', `${me}/leave`, { token }); // 409 not_a_member
    await send('POST', `${me}/join`, { token: await h.token({ sub: 'nobody' }), body: {} }); // 404
    await send('GET', `${me}/ledger?limit=0`, { token }); // 422
    await send('POST', `${me}/join`, { token, body: { source: 'elsewhere' } }); // 422
    await send('POST', `${me}/leave`, { token, body: [] as unknown as object }); // 422
    await send('POST', preview, { body: { lines: [] } }); // 422
    await send('GET', '/v1/shopper/shops/%20/store-versions/fi/program'); // 422
    await send('POST', consent, { token, body: { granted: true } });
    await send('POST', consent, { token, body: { granted: 'yes' } }); // 422
    const nobody = await h.token({ sub: 'nobody' });
    await send('GET', consent, { token: nobody }); // 404
    await send('POST', consent, { token: nobody, body: { granted: true } }); // 404

    // A store version the token names that does not exist: 404 on every token route.
    const nowhere = await h.token({ storeVersion: 'nowhere' });
    for (const url of mine) await send('GET', url, { token: nowhere });
    await send('POST', `${me}/join`, { token: nowhere, body: {} });
    await send('POST', `${me}/leave`, { token: nowhere });
    await send('POST', consent, { token: nowhere, body: { granted: true } });
    await send('GET', '/v1/shopper/shops/shop1/store-versions/nowhere/program');
    await send('POST', '/v1/shopper/shops/shop1/store-versions/nowhere/points-preview', { body: lines });

    // Transport refusals, with a valid token where one is needed.
    for (const [method, url] of [
      ['GET', program],
      ['POST', preview],
      ...mine.map((u) => ['GET', u]),
      ['POST', `${me}/join`],
      ['POST', `${me}/leave`],
      ['POST', consent],
    ] as const) {
      await send(method, url.replace('shop1', '%E0%A4%A'), { token }); // 400 bad_url
      await send(method, url.replace('shop1', 'x'.repeat(101)), { token }); // 414
      await send(method, url, {}); // 401 on the token routes
      await send(method, url.replace('shop1', 'shop2'), { token }); // 403 shop_mismatch; 200 on the public ones
      if (method === 'POST') {
        await raw(method, url, token, '{"broken'); // 400
        await raw(method, url, token, `{"x":"${'a'.repeat(1_100_000)}"}`); // 413
        await raw(method, url, token, 'x', 'text/plain'); // 415
      }
    }

    // 403 shop_suspended on the public routes; 429 from a budget spent.
    await suspendShop(h.ctx, 'shop3', null);
    await send('GET', '/v1/shopper/shops/shop3/store-versions/fi/program');
    await send('POST', '/v1/shopper/shops/shop3/store-versions/fi/points-preview', { body: lines });
    await send('GET', '/v1/shopper/shops/nope/store-versions/fi/program');
    await send('POST', '/v1/shopper/shops/nope/store-versions/fi/points-preview', { body: lines });

    const document: Json = (await h.call('GET', '/openapi.json')).body;
    const missing: string[] = [];
    const undocumented: string[] = [];
    let operations = 0;
    for (const [path, item] of Object.entries<Record<string, Json>>(document.paths)) {
      if (!path.startsWith('/v1/shopper/')) continue;
      const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const [method, operation] of Object.entries<Json>(item)) {
        operations++;
        const id = `${method.toUpperCase()} ${path}`;
        const documented = new Set(Object.keys(operation.responses).map(Number));
        const statuses = new Set(
          seen
            .filter((s) => s.method === method.toUpperCase() && pattern.test(s.url.split('?')[0]!))
            .map((s) => s.status),
        );
        for (const status of documented)
          if (!statuses.has(status) && !NEVER_PRODUCED.has(status) && status !== 429)
            missing.push(`${id} ${status}`);
        for (const status of statuses) if (!documented.has(status)) undocumented.push(`${id} ${status}`);
      }
    }
    assert.equal(operations, 9);
    assert.deepEqual(missing, [], 'documented but never produced');
    assert.deepEqual(undocumented, [], 'produced but not documented');
  });
});
