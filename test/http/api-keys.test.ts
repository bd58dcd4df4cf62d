import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApiKey } from '../../src/app/api-keys/create-api-key.ts';
import { hashApiKey } from '../../src/app/api-keys/key-format.ts';
import { listApiKeys } from '../../src/app/api-keys/list-api-keys.ts';
import { revokeApiKey } from '../../src/app/api-keys/revoke-api-key.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { KEY_CACHE_MS } from '../../src/http/auth/key-cache.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { apiHarness } from './harness.ts';

describe('API keys', () => {
  const h = suiteFixture(() => apiHarness());

  test('a key is shown once and only its hash is stored', async () => {
    const created = await createApiKey(h.ctx, { shopId: 'shop1', name: ' Till 1 ', readOnly: false });
    assert.match(created.key, /^lk_live_[A-Za-z0-9_-]{43}$/);
    assert.equal(created.name, 'Till 1');
    const row = await h.ctx.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.hash, hashApiKey(created.key));
    assert.equal(row.prefix, created.key.slice(0, 12));
    assert.doesNotMatch(JSON.stringify(row), new RegExp(created.key.slice(12)));
    const readOnly = await createApiKey(h.ctx, { shopId: 'shop1', name: 'Display', readOnly: true });
    assert.match(readOnly.key, /^lk_read_/);
  });

  test('a key for an unknown shop, or without a name, is refused', async () => {
    await assert.rejects(
      createApiKey(h.ctx, { shopId: 'nope', name: 'x', readOnly: false }),
      (e: unknown) => e instanceof DomainError && e.code === 'shop_not_found',
    );
    await assert.rejects(
      createApiKey(h.ctx, { shopId: 'shop1', name: '  ', readOnly: false }),
      (e: unknown) => e instanceof DomainError && e.code === 'invalid_input',
    );
  });

  test('use is recorded; a revoked key stops working within the cache time', async () => {
    const key = await createApiKey(h.ctx, { shopId: 'shop1', name: 'Soon revoked', readOnly: false });
    assert.equal((await h.call('GET', '/v1/api-key', { key: key.key })).status, 200);
    const listed = (await listApiKeys(h.ctx, 'shop1')).find((k) => k.id === key.id)!;
    assert.deepEqual(listed.lastUsedAt, h.clock.now());
    assert.deepEqual(await revokeApiKey(h.ctx, { shopId: 'shop1', keyId: key.id }), {
      outcome: 'applied',
      revokedAt: h.clock.now(),
    });
    h.clock.advance(KEY_CACHE_MS);
    const refused = await h.call('GET', '/v1/api-key', { key: key.key });
    assert.deepEqual([refused.status, refused.body.code], [401, 'api_key_revoked']);
    const again = await revokeApiKey(h.ctx, { shopId: 'shop1', keyId: key.id });
    assert.equal(again.outcome, 'duplicate');
    await assert.rejects(
      revokeApiKey(h.ctx, { shopId: 'shop2', keyId: key.id }),
      (e: unknown) => e instanceof DomainError && e.code === 'api_key_not_found',
    );
  });

  test('the list shows every key of the shop and nothing secret', async () => {
    // Two keys of the test's own beside the harness's three of shop1 (full, read-only, revoked).
    const till = await createApiKey(h.ctx, { shopId: 'shop1', name: 'Listed till', readOnly: false });
    const display = await createApiKey(h.ctx, { shopId: 'shop1', name: 'Listed display', readOnly: true });
    const list = await listApiKeys(h.ctx, 'shop1');
    assert.ok(list.length >= 5);
    assert.ok(list.some((k) => k.id === till.id) && list.some((k) => k.id === display.id));
    assert.ok(list.every((k) => k.shopId === 'shop1' && !('hash' in k) && !('key' in k)));
  });
});
