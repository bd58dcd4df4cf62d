import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createOperatorKey, revokeOperatorKey } from '../../src/app/operator/operator-keys.ts';
import { KEY_CACHE_MS } from '../../src/http/auth/key-cache.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { type ApiHarness, apiHarness, sentLog } from './harness.ts';
import { statusesSeen, statusGaps } from './status-coverage.ts';

/** The operator API (/v1/operator): shops created, listed, suspended and resumed with an operator key. */
describe('the operator API', () => {
  const h = suiteFixture(async () => {
    const harness = await apiHarness();
    const operator = await createOperatorKey(harness.ctx, { name: 'Hosting platform' });
    return Object.assign(harness, { operatorKey: operator.key });
  });
  const op = (method: string, url: string, body?: unknown) =>
    h.call(method, `/v1/operator${url}`, { key: h.operatorKey, ...(body !== undefined ? { body } : {}) });

  test('creates a shop with its first admin user, in its own time zone and language', async () => {
    const created = await op('POST', '/shops', {
      id: 'new-shop',
      name: 'New Shop',
      timeZone: 'America/New_York',
      language: 'en',
      adminEmail: 'owner@example.com',
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.object, 'shop');
    assert.equal(created.body.id, 'new-shop');
    assert.equal(created.body.timeZone, 'America/New_York');
    assert.equal(created.body.language, 'en');
    assert.equal(created.body.currency, 'EUR');
    assert.equal(created.body.status, 'active');
    assert.equal(created.body.adminUser.email, 'owner@example.com');
    assert.ok(created.body.adminUser.password.length >= 10);

    const shown = await op('GET', '/shops/new-shop');
    assert.equal(shown.status, 200);
    assert.equal(shown.body.name, 'New Shop');

    // The program starts from the shop's time zone, language and currency.
    const key = await op('POST', '/shops/new-shop/api-keys', { name: 'Web shop' });
    assert.equal(key.status, 201, key.text);
    assert.match(key.body.key, /^lk_live_/);
    const program = await h.call('POST', '/v1/program', { key: key.body.key });
    assert.equal(program.status, 201, program.text);
    assert.equal(program.body.settings.timeZone, 'America/New_York');
    assert.equal(program.body.settings.language, 'en');
    assert.equal(program.body.settings.currency, 'EUR');
  });

  test('defaults: Europe/Helsinki, fi, EUR, no admin user', async () => {
    const created = await op('POST', '/shops', { id: 'plain-shop', name: 'Plain' });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(
      [created.body.timeZone, created.body.language, created.body.currency, created.body.adminUser],
      ['Europe/Helsinki', 'fi', 'EUR', null],
    );
  });

  test('refuses a duplicate id with 409 and bad input with 422 naming the field, writing nothing', async () => {
    const duplicate = await op('POST', '/shops', { id: 'shop1', name: 'Again' });
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.code, 'shop_exists');
    const cases: [Record<string, unknown>, string][] = [
      [{ id: 'Bad_Id', name: 'X' }, 'id'],
      [{ id: '-dash', name: 'X' }, 'id'],
      [{ id: 'a', name: 'X' }, 'id'],
      [{ id: 'ok-id', name: ' ' }, 'name'],
      [{ id: 'ok-id', name: 'X', timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ id: 'ok-id', name: 'X', timeZone: '' }, 'timeZone'],
      [{ id: 'ok-id', name: 'X', language: 'sv' }, 'language'],
      [{ id: 'ok-id', name: 'X', currency: 'USD' }, 'currency'],
      [{ id: 'ok-id', name: 'X', adminEmail: 'not an address' }, 'adminEmail'],
    ];
    for (const [body, field] of cases) {
      const answer = await op('POST', '/shops', body);
      assert.equal(answer.status, 422, `${JSON.stringify(body)}: ${answer.text}`);
      assert.equal(answer.body.code, 'invalid_input');
      assert.ok(
        answer.body.errors.some((e: { field: string }) => e.field === field),
        `${field}: ${answer.text}`,
      );
    }
    assert.equal((await op('GET', '/shops/ok-id')).status, 404, 'nothing half-written');
  });

  test('lists shops a page at a time', async () => {
    const first = await op('GET', '/shops?limit=1');
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.data.length, 1);
    assert.equal(first.body.hasMore, true);
    const ids = [first.body.data[0].id];
    let after = first.body.nextAfter;
    while (after) {
      const page = await op('GET', `/shops?limit=1&after=${encodeURIComponent(after)}`);
      ids.push(...page.body.data.map((s: { id: string }) => s.id));
      after = page.body.nextAfter;
    }
    assert.deepEqual(ids, [...ids].sort());
    assert.ok(ids.includes('shop1') && ids.includes('shop2'));
  });

  test('a suspended shop’s keys answer 403 shop_suspended within the key cache time, and work again once resumed', async () => {
    assert.equal((await h.call('GET', '/v1/api-key', { key: h.keys.otherShop })).status, 200);
    const suspended = await op('POST', '/shops/shop2/suspend', { reason: 'Invoice unpaid' });
    assert.equal(suspended.status, 200, suspended.text);
    assert.equal(suspended.body.status, 'suspended');
    assert.equal(suspended.body.suspendedReason, 'Invoice unpaid');
    assert.equal(suspended.body.outcome, 'applied');
    assert.equal((await op('POST', '/shops/shop2/suspend', {})).body.outcome, 'duplicate');

    h.clock.advance(KEY_CACHE_MS + 1);
    for (const [method, url] of [
      ['GET', '/v1/api-key'],
      ['GET', '/v1/program'],
      ['POST', '/v1/points-preview'],
    ] as const) {
      const refused = await h.call(method, url, { key: h.keys.otherShop, body: {} });
      assert.equal(refused.status, 403, `${method} ${url}: ${refused.text}`);
      assert.equal(refused.body.code, 'shop_suspended');
    }
    assert.equal((await h.call('GET', '/v1/api-key')).status, 200, 'other shops go on');
    assert.equal((await op('GET', '/shops/shop2')).body.status, 'suspended', 'nothing deleted');

    const resumed = await op('POST', '/shops/shop2/resume');
    assert.equal(resumed.status, 200, resumed.text);
    assert.deepEqual(
      [resumed.body.status, resumed.body.suspendedAt, resumed.body.outcome],
      ['active', null, 'applied'],
    );
    h.clock.advance(KEY_CACHE_MS + 1);
    assert.equal((await h.call('GET', '/v1/program', { key: h.keys.otherShop })).status, 200);
  });

  test('an operator key is not a shop key, nor the reverse', async () => {
    const asShopKey = await h.call('GET', '/v1/api-key', { key: h.operatorKey });
    assert.equal(asShopKey.status, 401);
    assert.equal(asShopKey.body.code, 'not_an_api_key');
    const asOperatorKey = await h.call('GET', '/v1/operator/shops', { key: h.keys.full });
    assert.equal(asOperatorKey.status, 401);
    assert.equal(asOperatorKey.body.code, 'not_an_operator_key');
    assert.equal(
      (await h.call('GET', '/v1/operator/shops', { key: null })).body.code,
      'operator_key_missing',
    );
    const unknown = `op_${'A'.repeat(43)}`;
    assert.equal(
      (await h.call('GET', '/v1/operator/shops', { key: unknown })).body.code,
      'operator_key_invalid',
    );
    const other = await createOperatorKey(h.ctx, { name: 'Old platform' });
    assert.equal((await h.call('GET', '/v1/operator/shops', { key: other.key })).status, 200);
    await revokeOperatorKey(h.ctx, other.id);
    const revoked = await h.call('GET', '/v1/operator/shops', { key: other.key });
    assert.equal(revoked.status, 401);
    assert.equal(revoked.body.code, 'operator_key_revoked', 'at once: operator keys are not cached');
  });

  test('creates operator keys and revokes a shop’s API key', async () => {
    const created = await op('POST', '/operator-keys', { name: 'Second platform' });
    assert.equal(created.status, 201, created.text);
    assert.match(created.body.key, /^op_/);
    assert.equal((await h.call('GET', '/v1/operator/shops', { key: created.body.key })).status, 200);

    const key = await op('POST', '/shops/shop1/api-keys', { name: 'Till', readOnly: true });
    assert.equal(key.status, 201, key.text);
    assert.match(key.body.key, /^lk_read_/);
    const revoked = await op('POST', `/shops/shop1/api-keys/${key.body.id}/revoke`);
    assert.equal(revoked.status, 200, revoked.text);
    assert.equal(revoked.body.outcome, 'applied');
    assert.equal((await op('POST', `/shops/shop1/api-keys/${key.body.id}/revoke`)).body.outcome, 'duplicate');
    assert.equal((await op('POST', '/shops/shop1/api-keys/key_0000000000000000/revoke')).status, 404);
  });

  test('every documented status of every operator operation is produced, and only those', async () => {
    await producedStatuses(h);
    const document = (await h.call('GET', '/openapi.json', { key: null })).body;
    const seen = statusesSeen(document, sentLog);
    // The billing routes' statuses are driven by test/http/operator-billing.test.ts, which needs a published shop.
    const { missing, undocumented, operations } = statusGaps(
      document,
      seen,
      (path) => path.startsWith('/v1/operator/') && !path.includes('/billing'),
    );
    assert.ok(operations >= 8, `operator operations: ${operations}`);
    assert.deepEqual(missing, [], 'documented but never produced');
    assert.deepEqual(undocumented, [], 'produced but not documented');
  });
});

interface OperatorCall {
  method: 'GET' | 'POST';
  /** The path under /v1/operator; `{shopId}` stands for shop1, or for an id too long, blank or badly encoded. */
  path: string;
  body?: unknown;
}

const CALLS: OperatorCall[] = [
  { method: 'POST', path: '/shops', body: { id: 'generic-shop', name: 'Generic' } },
  { method: 'GET', path: '/shops?limit=0' },
  { method: 'GET', path: '/shops/{shopId}' },
  { method: 'POST', path: '/shops/{shopId}/suspend', body: {} },
  { method: 'POST', path: '/shops/{shopId}/resume', body: {} },
  { method: 'POST', path: '/shops/{shopId}/api-keys', body: { name: 'Generic' } },
  { method: 'POST', path: '/shops/{shopId}/api-keys/key_0000000000000000/revoke' },
  { method: 'POST', path: '/operator-keys', body: { name: 'Generic' } },
  { method: 'POST', path: '/shops/{shopId}/storefront-secrets', body: { name: 'Generic' } },
  { method: 'GET', path: '/shops/{shopId}/storefront-secrets' },
  { method: 'POST', path: '/shops/{shopId}/storefront-secrets/ss_0000000000000000/revoke' },
  {
    method: 'POST',
    path: '/shops/{shopId}/users',
    body: { email: 'generic@shop1.example', role: 'cashier' },
  },
];

/** The generic refusals of every operator operation, and each one's own. */
async function producedStatuses(h: ApiHarness & { operatorKey: string }) {
  for (const c of CALLS) {
    const withShopId = (shopId: string) => `/v1/operator${c.path.replace('{shopId}', shopId)}`;
    const url = withShopId('shop1');
    await h.call(c.method, url, { key: h.operatorKey, ...(c.body !== undefined ? { body: c.body } : {}) });
    await h.call(c.method, url, { key: null, body: c.body });
    if (c.method === 'POST') {
      await h.call(c.method, url, { key: h.operatorKey, raw: '{"broken' });
      await h.call(c.method, url, { key: h.operatorKey, raw: `{"x":"${'a'.repeat(1_100_000)}"}` });
      await h.call(c.method, url, {
        key: h.operatorKey,
        raw: 'x',
        headers: { 'content-type': 'text/plain' },
      });
      await h.call(c.method, url, { key: h.operatorKey, body: { name: 'x'.repeat(300), id: 'Bad' } });
    }
    if (c.path.includes('{shopId}')) {
      for (const id of ['x'.repeat(101), '%E0%A4%A', '%20', 'no-such-shop']) {
        await h.call(c.method, withShopId(id), { key: h.operatorKey, body: c.body });
      }
    }
  }
  await h.call('GET', '/v1/operator/shops', { key: h.operatorKey });
  await h.call('POST', '/v1/operator/shops', {
    key: h.operatorKey,
    body: { id: 'generic-shop', name: 'Again' },
  });
  await h.call('POST', '/v1/operator/shops/shop1/users', {
    key: h.operatorKey,
    body: { email: 'GENERIC@shop1.example' },
  });
  const secret = await h.call('POST', '/v1/operator/shops/shop1/storefront-secrets', {
    key: h.operatorKey,
    body: { name: 'Revoked' },
  });
  await h.call('POST', `/v1/operator/shops/shop1/storefront-secrets/${secret.body.id}/revoke`, {
    key: h.operatorKey,
  });
}
