import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LoginThrottle } from '../../src/admin/login-throttle.ts';
import { AdminClient } from '../admin/support/admin-client.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { type Answer, apiHarness, join, orderBody } from './harness.ts';

const PROBLEM = /^application\/problem\+json/;
const LONE = '\ud800';

/** Every error answer of the API is a problem document with a documented lower-case code. */
describe('error contract', () => {
  const h = suiteFixture(() => apiHarness());

  const expectProblem = (answer: Answer, status: number, code: string) => {
    assert.equal(answer.status, status, answer.text.slice(0, 300));
    assert.match(String(answer.headers['content-type']), PROBLEM, answer.text.slice(0, 200));
    assert.equal(answer.body.code, code, answer.text.slice(0, 300));
    assert.equal(answer.body.type, `/problems/${code}`);
    assert.equal(answer.headers['x-request-id'], answer.body.requestId);
  };

  test('transport errors: long path ids, bad percent-encoding, 413, 415, invalid and empty JSON', async () => {
    expectProblem(await h.call('GET', `/v1/customers/${'a'.repeat(101)}`), 414, 'path_too_long');
    expectProblem(
      await h.call('GET', `/admin/members/${'a'.repeat(101)}`, {
        key: null,
        headers: { accept: 'application/json' },
      }),
      414,
      'path_too_long',
    );
    expectProblem(await h.call('GET', '/v1/customers/%E0%A4%A'), 400, 'bad_url');
    expectProblem(
      await h.call('PUT', '/v1/store-versions/%ED%A0%80', { body: { requiresLogin: false } }),
      400,
      'bad_url',
    );
    expectProblem(
      await h.call('POST', '/v1/sales', { raw: `"${'a'.repeat(1_100_000)}"` }),
      413,
      'payload_too_large',
    );
    expectProblem(
      await h.call('POST', '/admin/login', {
        key: null,
        raw: `"${'a'.repeat(1_100_000)}"`,
        headers: { accept: 'application/json' },
      }),
      413,
      'payload_too_large',
    );
    expectProblem(
      await h.call('POST', '/v1/sales', { raw: 'x', headers: { 'content-type': 'text/plain' } }),
      415,
      'unsupported_media_type',
    );
    expectProblem(await h.call('POST', '/v1/sales', { raw: '{"broken' }), 400, 'invalid_json');
    expectProblem(
      await h.call('POST', '/admin/login', {
        key: null,
        raw: '{"broken',
        headers: { accept: 'application/json' },
      }),
      400,
      'invalid_json',
    );
    expectProblem(await h.call('GET', '/v1/nothing/here'), 404, 'route_not_found');
    expectProblem(await h.call('GET', '/v1/api-key', { key: null }), 401, 'api_key_missing');
  });

  test('an action body must be a JSON object or absent', async () => {
    for (const url of [
      '/v1/program/publish',
      '/v1/orders/o1/deliver',
      '/v1/reviews/r1/approve',
      '/v1/orders/o1/cancel',
    ]) {
      for (const raw of ['[1,2,3]', '42', '"text"', 'true']) {
        expectProblem(await h.call('POST', url, { raw }), 422, 'invalid_input');
      }
    }
  });

  test('a lone UTF-16 surrogate is refused with 422 naming the field, like NUL', async () => {
    await join(h, 'c1');
    const cases: [string, string, unknown, string][] = [
      ['POST', '/v1/sales', orderBody(`s${LONE}`, null, { channel: 'pos', loggedIn: false }), 'id'],
      ['POST', '/v1/sales', orderBody('s-1', `c${LONE}`, { channel: 'pos' }), 'customerId'],
      [
        'POST',
        '/v1/sales',
        orderBody('s-2', null, { loggedIn: false, storeVersionId: `fi${LONE}` }),
        'storeVersionId',
      ],
      ['POST', '/v1/orders', orderBody('s-3', 'c1', { loyaltyCode: `K${LONE}` }), 'loyaltyCode'],
      [
        'POST',
        '/v1/checkout/code-checks',
        {
          customerId: `c${LONE}`,
          code: 'X',
          loggedIn: true,
          storeVersionId: 'fi',
          cart: { lines: [{ productId: 'p', quantity: 1, unitPriceCents: 100 }] },
        },
        'customerId',
      ],
      ['PUT', '/v1/customers/c9', { email: 'x@example.com', [`k${LONE}`]: 1 }, `k${LONE}`],
    ];
    const lines = orderBody('s-4', null, { loggedIn: false }) as unknown as {
      lines: Record<string, unknown>[];
    };
    lines.lines[1]!.productId = `p${LONE}`;
    cases.push(['POST', '/v1/sales', lines, 'lines.1.productId']);
    for (const [method, url, body, field] of cases) {
      const answer = await h.call(method, url, { body });
      expectProblem(answer, 422, 'invalid_input');
      assert.equal(answer.body.errors[0].field, field, answer.text);
    }
    // Surrogate pairs (emoji) are fine.
    const emoji = await h.call('PUT', '/v1/customers/c-emoji-😀', {
      body: { email: 'e@example.com', firstName: 'Ann 😀', registeredAt: '2026-01-01T00:00:00Z' },
    });
    assert.ok(emoji.status < 300, emoji.text);
    // In a query string %ED%A0%80 is not UTF-8: it must never reach the database as a lone surrogate.
    const query = await h.call('GET', '/v1/members?email=%ED%A0%80');
    assert.ok(query.status < 500, query.text);
    const escaped = await h.call('GET', '/v1/members?email=%uD800');
    assert.ok(escaped.status < 500, escaped.text);
  });

  test('problem pages are served by the service for every code', async () => {
    const page = await h.call('GET', '/problems/invalid_input', { key: null });
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.text, /invalid_input/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    for (const code of [
      'json_too_deep',
      'database_unavailable',
      'path_too_long',
      'bad_url',
      'payload_too_large',
      'route_not_found',
      'rate_limited',
      'code_refused',
    ]) {
      assert.equal((await h.call('GET', `/problems/${code}`, { key: null })).status, 200, code);
    }
    const unknown = await h.call('GET', '/problems/no_such_code', { key: null });
    assert.equal(unknown.status, 404);
  });

  test('the API reference page sends a content security policy and framing and sniffing refusals', async () => {
    const docs = await h.call('GET', '/docs/', { key: null });
    assert.equal(docs.status, 200);
    assert.match(String(docs.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(docs.headers['x-frame-options'], 'DENY');
    assert.equal(docs.headers['x-content-type-options'], 'nosniff');
    const policy = String(docs.headers['content-security-policy']);
    // Every inline script of the page is allowed by its hash, nothing else inline.
    const { createHash } = await import('node:crypto');
    for (const [, script] of docs.text.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
      const hash = createHash('sha256').update(script!).digest('base64');
      assert.ok(policy.includes(`'sha256-${hash}'`), 'inline script allowed by hash');
    }
    assert.doesNotMatch(policy, /script-src[^;]*'unsafe-inline'/);
  });

  test('the admin sign-in throttle says when to try again', async () => {
    const throttle = new LoginThrottle({ limit: 2, windowMs: 60_000, maxKeys: 1000 });
    const t0 = new Date('2026-06-15T10:00:00Z');
    throttle.failed('a', 'ip', t0);
    throttle.failed('a', 'ip', new Date(t0.getTime() + 10_000));
    assert.equal(throttle.retryAfterSeconds('a', 'ip', new Date(t0.getTime() + 20_000)), 40);
    assert.equal(throttle.retryAfterSeconds('a', 'ip', new Date(t0.getTime() + 61_000)), 0);

    const client = new AdminClient(h.app);
    const page = await client.get('/admin/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    let last = { status: 0, headers: {} as Record<string, unknown> };
    for (let i = 0; i < 11; i++)
      last = await client.post(
        '/admin/login',
        { shop: 'shop1', email: 'x@y.example', password: `guess ${i}` },
        token,
      );
    assert.equal(last.status, 429);
    assert.equal(last.headers['retry-after'], String(15 * 60));
  });

  test('a flood of other sign-in failures does not reset the count of the account under attack', () => {
    const throttle = new LoginThrottle({ limit: 3, windowMs: 60_000, maxKeys: 100 });
    const t0 = new Date('2026-06-15T10:00:00Z');
    for (let i = 0; i < 3; i++) throttle.failed('shop1:victim@shop.example', '10.0.0.1', t0);
    assert.equal(throttle.blocked('shop1:victim@shop.example', '10.0.0.2', t0), true);
    // Many other accounts and addresses fail afterwards; the victim keeps failing now and then.
    for (let i = 0; i < 500; i++) {
      throttle.failed(`shop1:other${i}@shop.example`, `10.1.${i >> 8}.${i & 255}`, t0);
      if (i % 40 === 0) throttle.failed('shop1:victim@shop.example', '10.0.0.1', t0);
    }
    assert.equal(throttle.blocked('shop1:victim@shop.example', '10.0.0.2', t0), true);
  });
});
