import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { balanceOf } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { apiHarnessWithMembers, join, orderBody } from './harness.ts';

describe('Idempotency-Key on POST', () => {
  const h = suiteFixture(() => apiHarnessWithMembers('c1'));

  const adjust = (key: string, points: number, reason = 'Goodwill', customerId = 'c1') =>
    h.call('POST', `/v1/members/${customerId}/adjustments`, {
      body: { points, reason },
      headers: { 'idempotency-key': key },
    });

  /** A member of shop1 of the test's own, with the 10 join points, so that balances are the test's alone. */
  async function newMember(customerId: string) {
    const created = await h.call('PUT', `/v1/customers/${customerId}`, {
      body: { email: `${customerId}@example.com`, registeredAt: '2026-05-01T12:00:00+03:00' },
    });
    assert.equal(created.status, 201, created.text);
    await join(h, customerId);
  }

  test('the same key and request return the first response again, marked as replayed, and act once', async () => {
    await newMember('m-replay');
    const first = await adjust('k-1', 25, 'Goodwill', 'm-replay');
    assert.equal(first.status, 201);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    const second = await adjust('k-1', 25, 'Goodwill', 'm-replay');
    assert.equal(second.status, 201);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(second.text, first.text);
    assert.equal(await balanceOf(h.ctx, 'shop1', 'm-replay'), 35);
  });

  test('the body’s key order and spacing do not make it another request', async () => {
    await h.call('POST', '/v1/members/c1/adjustments', {
      raw: '{"points": 7, "reason": "Order"}',
      headers: { 'idempotency-key': 'k-order' },
    });
    const again = await h.call('POST', '/v1/members/c1/adjustments', {
      raw: '{ "reason":"Order","points":7 }',
      headers: { 'idempotency-key': 'k-order' },
    });
    assert.equal(again.headers['idempotent-replayed'], 'true');
  });

  test('the same key with another request is refused with 422 and acts not at all', async () => {
    await newMember('m-reused');
    const first = await adjust('k-reused', 25, 'Goodwill', 'm-reused');
    assert.equal(first.status, 201, first.text);
    const other = await adjust('k-reused', 30, 'Goodwill', 'm-reused');
    assert.equal(other.status, 422);
    assert.equal(other.body.code, 'idempotency_key_reused');
    assert.match(other.body.detail, /different request/);
    assert.equal(other.body.errors[0].field, 'header.idempotency-key');
    const otherPath = await h.call('POST', '/v1/orders', {
      body: orderBody('o-k1', 'm-reused'),
      headers: { 'idempotency-key': 'k-reused' },
    });
    assert.equal(otherPath.status, 422);
    assert.equal(await balanceOf(h.ctx, 'shop1', 'm-reused'), 35);
  });

  test('refusals are replayed too: the retry of an invalid request gets the same answer', async () => {
    const first = await adjust('k-bad', 5, '  ');
    assert.deepEqual([first.status, first.body.code], [422, 'reason_required']);
    const again = await adjust('k-bad', 5, '  ');
    assert.deepEqual(
      [again.status, again.headers['idempotent-replayed'], again.text],
      [422, 'true', first.text],
    );
  });

  test('a key whose first request is still running answers 409 with Retry-After', async () => {
    await sql`insert into idempotency_keys (shop_id, key, fingerprint, method, path, created_at)
              values ('shop1', 'k-running', 'f', 'POST', '/v1/members/c1/adjustments', ${h.clock.now()})`.execute(
      h.ctx.db,
    );
    const busy = await adjust('k-running', 1);
    assert.deepEqual(
      [busy.status, busy.body.code, busy.headers['retry-after']],
      [409, 'idempotency_key_in_use', '1'],
    );
    h.clock.advance(61_000);
    const busyAgain = await adjust('k-running', 1);
    assert.equal(busyAgain.status, 409, 'another request cannot take over a stale key');
  });

  test('keys belong to a shop: another shop can use the same key', async () => {
    const mine = await h.call('POST', '/v1/orders', {
      body: orderBody('o-shared', 'c1'),
      headers: { 'idempotency-key': 'k-shared' },
    });
    const theirs = await h.call('POST', '/v1/orders', {
      key: h.keys.otherShop,
      body: orderBody('o-shared', 'c1'),
      headers: { 'idempotency-key': 'k-shared' },
    });
    assert.equal(mine.status, 201);
    assert.equal(theirs.status, 201);
    assert.equal(theirs.headers['idempotent-replayed'], undefined);
  });

  test('after 24 hours a key is forgotten; the ledger still refuses to adjust twice with it', async () => {
    await newMember('m-forgotten');
    const first = await adjust('k-forgotten', 25, 'Goodwill', 'm-forgotten');
    assert.equal(first.status, 201, first.text);
    h.clock.advance(25 * 3600 * 1000);
    const again = await adjust('k-forgotten', 25, 'Goodwill', 'm-forgotten');
    assert.equal(again.status, 200);
    assert.equal(again.body.outcome, 'duplicate');
    assert.equal(again.headers['idempotent-replayed'], undefined);
    assert.equal(await balanceOf(h.ctx, 'shop1', 'm-forgotten'), 35);
  });

  test('an invalid key is refused', async () => {
    const answer = await h.call('POST', '/v1/members/c1/adjustments', {
      body: { points: 1, reason: 'x' },
      headers: { 'idempotency-key': 'has spaces in it' },
    });
    assert.deepEqual([answer.status, answer.body.errors[0].field], [422, 'header.idempotency-key']);
  });

  test('pruning deletes keys older than 24 hours', async () => {
    const { pruneKeys } = await import('../../src/app/idempotency/idempotency-store.ts');
    assert.equal((await adjust('k-old', 1)).status, 201, 'a key to prune, whatever ran before');
    const before = await sql<{ n: number }>`select count(*)::int as n from idempotency_keys`.execute(
      h.ctx.db,
    );
    h.clock.advance(25 * 3600 * 1000);
    await adjust('k-fresh', 1);
    const pruned = await pruneKeys(h.ctx.db, h.clock.now());
    assert.equal(pruned, before.rows[0]!.n);
    const left = await sql<{ key: string }>`select key from idempotency_keys`.execute(h.ctx.db);
    assert.deepEqual(
      left.rows.map((r) => r.key),
      ['k-fresh'],
    );
  });
});
