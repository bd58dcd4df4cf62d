import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createApiKey } from '../../src/app/api-keys/create-api-key.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import { suspendShop } from '../../src/app/shops/provision-shop.ts';
import { type ApiHarness, apiHarness, sentLog } from './harness.ts';
import { OPERATIONS, seedOperations, withBlankId } from './operations.ts';
import { statusesSeen, statusGaps } from './status-coverage.ts';

/**
 * Every response status the OpenAPI document lists for an operation is produced by a real
 * request, and no request gets a status its operation does not document.
 */
describe('every documented response status is exercised', () => {
  let h: ApiHarness;
  let keys: { noProgram: string; newProgram: string };
  // biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document as JSON
  let document: any;
  let suspendedKey: string;
  before(async () => {
    h = await apiHarness();
    keys = await seedOperations(h);
    await createShop(h.ctx, { id: 'shop-suspended', name: 'Suspended', storeVersions: [] });
    suspendedKey = (await createApiKey(h.ctx, { shopId: 'shop-suspended', name: 'Till', readOnly: false }))
      .key;
    await suspendShop(h.ctx, 'shop-suspended', 'Unpaid');
    document = (await h.call('GET', '/openapi.json', { key: null })).body;
  });
  after(() => h.close());

  const keyOf = (name: 'full' | 'noProgram' | 'newProgram' | undefined) =>
    name === 'noProgram' ? keys.noProgram : name === 'newProgram' ? keys.newProgram : h.keys.full;

  for (const op of OPERATIONS) {
    test(`${op.method} ${op.path}: its own cases`, async () => {
      for (const c of op.cases) {
        await c.prepare?.(h);
        const answer = await h.call(op.method, c.url ?? op.url, {
          key: keyOf(c.key),
          body: 'body' in c ? c.body : op.body,
          ...(c.headers ? { headers: c.headers } : {}),
        });
        assert.equal(answer.status, c.status, `${c.name}: ${answer.text}`);
      }
    });
  }

  test('generic refusals: no key, read-only key, another shop, malformed JSON, invalid ids', async () => {
    for (const op of OPERATIONS) {
      const name = `${op.method} ${op.path}`;
      assert.equal((await h.call(op.method, op.url, { key: null, body: op.body })).status, 401, name);
      assert.equal((await h.call(op.method, op.url, { key: suspendedKey, body: op.body })).status, 403, name);
      if (op.method !== 'GET' && !op.readOnlyAllowed) {
        assert.equal(
          (await h.call(op.method, op.url, { key: h.keys.readOnly, body: op.body })).status,
          403,
          name,
        );
      }
      if (op.scoped) {
        assert.equal(
          (await h.call(op.method, op.url, { key: h.keys.otherShop, body: op.body })).status,
          404,
          name,
        );
      }
      // Every method but GET has its body read, whether or not the route takes one.
      if (op.method !== 'GET') {
        assert.equal((await h.call(op.method, op.url, { raw: '{"broken' })).status, 400, name);
        const large = `{"x":"${'a'.repeat(1_100_000)}"}`;
        assert.equal((await h.call(op.method, op.url, { raw: large })).status, 413, name);
        const text = { raw: 'x', headers: { 'content-type': 'text/plain' } };
        assert.equal((await h.call(op.method, op.url, text)).status, 415, name);
      }
      const blank = withBlankId(op);
      if (blank) assert.equal((await h.call(op.method, blank, { body: op.body })).status, 422, name);
      const tooLong = withPathId(op, 'x'.repeat(101));
      if (tooLong) assert.equal((await h.call(op.method, tooLong, { body: op.body })).status, 414, name);
      const badUrl = withPathId(op, '%E0%A4%A');
      if (badUrl) assert.equal((await h.call(op.method, badUrl, { body: op.body })).status, 400, name);
    }
  });

  test('generic idempotency answers on every POST: a reused key, a key still in use', async () => {
    for (const op of OPERATIONS.filter((o) => o.method === 'POST')) {
      const key = `contract-${op.path}`;
      const first = await h.call('POST', op.url, { body: op.body, headers: { 'idempotency-key': key } });
      assert.ok(first.status < 500, first.text);
      const other = await h.call('POST', op.variant.url ?? op.url, {
        body: 'body' in op.variant ? op.variant.body : op.body,
        headers: { 'idempotency-key': key },
      });
      assert.equal(other.status, 422, `${op.path}: ${other.text}`);
      assert.equal(other.body.code, 'idempotency_key_reused');

      const running = `running-${op.path}`;
      await sql`insert into idempotency_keys (shop_id, key, fingerprint, method, path, created_at)
                values ('shop1', ${running}, 'x', 'POST', ${op.url}, ${h.clock.now()})`.execute(h.ctx.db);
      const busy = await h.call('POST', op.url, { body: op.body, headers: { 'idempotency-key': running } });
      assert.equal(busy.status, 409, `${op.path}: ${busy.text}`);
      assert.equal(busy.body.code, 'idempotency_key_in_use');
    }
  });

  test('the statuses seen are exactly the statuses documented', () => {
    const seen = statusesSeen(document, sentLog);
    // The operator API's statuses are produced by test/http/operator*.test.ts, the shopper
    // routes' (a token, not an API key) by test/shopper/shopper-statuses.test.ts.
    const { missing, undocumented } = statusGaps(
      document,
      seen,
      (path) => !path.startsWith('/v1/operator/') && !path.startsWith('/v1/shopper/'),
    );
    assert.deepEqual(missing, [], 'documented but never produced');
    assert.deepEqual(undocumented, [], 'produced but not documented');
    assert.equal(seen.size, OPERATIONS.length, 'every operation was called');
  });
});

/** The operation's URL with its first path id replaced, or undefined when its path has none. */
function withPathId(op: { path: string; url: string }, id: string): string | undefined {
  const template = op.path.split('/');
  const at = template.findIndex((part) => part.startsWith('{'));
  if (at < 0) return undefined;
  const parts = op.url.split('?')[0]!.split('/');
  parts[at] = id;
  return parts.join('/');
}
