import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { suiteFixture } from '../support/suite-fixture.ts';
import { apiHarness, orderBody } from './harness.ts';

const nested = (depth: number) => `{"x":${'['.repeat(depth)}${']'.repeat(depth)}}`;

/** Deeply nested JSON is refused before it is parsed, on every route that reads a body. */
describe('JSON nesting depth', () => {
  const h = suiteFixture(() => apiHarness());

  test('a body nested 10,000 or 400,000 deep is refused with 400 json_too_deep, signed in or not', async () => {
    for (const depth of [10_000, 400_000]) {
      for (const [url, key] of [
        ['/admin/login', null],
        ['/v1/sales', undefined],
        ['/v1/orders/o1/deliver', undefined],
        ['/v1/program/publish', undefined],
      ] as const) {
        const answer = await h.call('POST', url, {
          raw: nested(depth),
          ...(key === null ? { key, headers: { accept: 'application/json' } } : {}),
        });
        assert.equal(answer.status, 400, `${url} ${depth}: ${answer.text.slice(0, 200)}`);
        assert.match(String(answer.headers['content-type']), /^application\/problem\+json/);
        assert.equal(answer.body.code, 'json_too_deep');
      }
    }
  });

  test('an unknown path answers 404 whatever its body', async () => {
    for (const raw of [nested(10_000), '{"broken', '[1,2,3]']) {
      const answer = await h.call('POST', '/nowhere', { raw });
      assert.equal(answer.status, 404, answer.text.slice(0, 200));
      assert.equal(answer.body.code, 'route_not_found');
    }
  });

  test('nesting up to 64 levels is parsed; brackets inside strings do not count', async () => {
    const within = await h.call('POST', '/v1/sales', { raw: nested(62) });
    assert.equal(within.status, 422, within.text.slice(0, 200));
    assert.equal(within.body.code, 'invalid_input');
    const beyond = await h.call('POST', '/v1/sales', { raw: nested(64) });
    assert.equal(beyond.body.code, 'json_too_deep');
    const text = '[[[[{{{{'.repeat(5);
    const sale = await h.call('POST', '/v1/sales', {
      raw: JSON.stringify(
        orderBody('deep-1', null, { channel: 'pos', loggedIn: false, storeVersionId: 'fi' }),
      ).replace('"jacket"', JSON.stringify(`jacket ${text} \\" ${text}`)),
    });
    assert.equal(sale.status, 201, sale.text.slice(0, 300));
  });

  test("Fastify's protections stay: __proto__ and constructor.prototype keys are refused", async () => {
    for (const raw of ['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']) {
      const answer = await h.call('POST', '/v1/sales', { raw });
      assert.equal(answer.status, 400, answer.text);
      assert.equal(answer.body.code, 'invalid_json');
      const admin = await h.call('POST', '/admin/login', { raw, key: null });
      assert.equal(admin.status, 400, admin.text.slice(0, 200));
    }
  });

  test('a form body with many fields does not exhaust the stack of the text checks', async () => {
    const form = Array.from({ length: 5000 }, (_, i) => `f${i}=x`).join('&');
    const answer = await h.call('POST', '/admin/login', {
      raw: form,
      key: null,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.ok(answer.status < 500, String(answer.status));
  });
});
