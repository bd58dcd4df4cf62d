import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { type ApiHarness, apiHarness } from './harness.ts';
import { type Operation, operationsOf, type Resource, seedOperations } from './operations.ts';

const UNKNOWN_KEY = `lk_live_${'A'.repeat(43)}`;

/**
 * The security contract of a resource's routes: no key, a malformed, unknown or revoked key are
 * refused with 401 before anything runs; read-only keys cannot change data; another shop's key
 * finds none of this shop's ids.
 */
export function securitySuite(resource: Resource) {
  describe(`${resource}: security`, () => {
    let h: ApiHarness;
    const ops = operationsOf(resource);
    before(async () => {
      h = await apiHarness();
      await seedOperations(h);
    });
    after(() => h.close());

    const send = (op: Operation, key: string | null, headers?: Record<string, string>) =>
      h.call(op.method, op.url, { key, body: op.body, ...(headers ? { headers } : {}) });

    for (const op of ops) {
      const name = `${op.method} ${op.path}`;

      test(`${name}: without a key, 401 api_key_missing with a Bearer challenge`, async () => {
        const answer = await send(op, null);
        assert.equal(answer.status, 401);
        assert.equal(answer.body.code, 'api_key_missing');
        assert.match(String(answer.headers['www-authenticate']), /^Bearer/);
        assert.match(String(answer.headers['content-type']), /application\/problem\+json/);
        assert.ok(answer.body.requestId);
      });

      test(`${name}: a key in another scheme, garbage, an unknown or a revoked key are 401`, async () => {
        const basic = await h.call(op.method, op.url, {
          key: null,
          body: op.body,
          headers: { authorization: `Basic ${Buffer.from(`x:${h.keys.full}`).toString('base64')}` },
        });
        assert.deepEqual([basic.status, basic.body.code], [401, 'api_key_missing']);
        for (const [key, code] of [
          ['not-a-key', 'api_key_invalid'],
          [UNKNOWN_KEY, 'api_key_invalid'],
          [h.keys.revoked, 'api_key_revoked'],
        ] as const) {
          const answer = await send(op, key);
          assert.deepEqual([answer.status, answer.body.code], [401, code], `${key.slice(0, 12)}…`);
          assert.doesNotMatch(answer.text, /sec-c|SEC-CODE/, 'no data in a refusal');
        }
      });

      const write = op.method !== 'GET' && !op.readOnlyAllowed;
      if (write) {
        test(`${name}: a read-only key is refused with 403 and nothing changes`, async () => {
          const before = await fingerprintOfData(h);
          const answer = await send(op, h.keys.readOnly);
          assert.deepEqual([answer.status, answer.body.code], [403, 'api_key_read_only']);
          assert.equal(await fingerprintOfData(h), before);
        });
      } else {
        test(`${name}: a read-only key may call it`, async () => {
          const answer = await send(op, h.keys.readOnly);
          assert.ok(answer.status < 300, `${answer.status} ${answer.text}`);
        });
      }

      if (op.scoped) {
        test(`${name}: another shop's key gets 404 for this shop's ids, never data`, async () => {
          const before = await fingerprintOfData(h);
          const answer = await send(op, h.keys.otherShop);
          assert.equal(answer.status, 404, answer.text);
          assert.match(answer.body.code, /_not_found$/);
          assert.equal(await fingerprintOfData(h), before, "shop1's data is untouched");
        });
      }
    }
  });
}

/** A digest of all of shop1's data: any write would change it. */
async function fingerprintOfData(h: ApiHarness): Promise<string> {
  const tables = [
    'customers',
    'members',
    'ledger_entries',
    'orders',
    'order_returns',
    'reviews',
    'discount_codes',
    'store_versions',
    'programs',
  ];
  const parts = tables.map(
    (t) =>
      `(select coalesce(string_agg(x::text, ',' order by x::text), '') from ${t} x where shop_id = 'shop1')`,
  );
  const result = await sql
    .raw<{ digest: string }>(`select md5(${parts.join(" || '|' || ")}) as digest`)
    .execute(h.ctx.db);
  return result.rows[0]!.digest;
}
