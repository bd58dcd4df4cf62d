import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { cart } from '../http/harness.ts';
import { balanceOf, insertCode } from '../support/fixtures.ts';
import { postgresForTests } from '../support/requirements.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { postgresHarnessWithMembers, statusCounts } from './postgres-harness.ts';

const POSTGRES = await postgresForTests();

describe('concurrent redemptions and retries on PostgreSQL', { skip: POSTGRES.skip }, () => {
  const h = suiteFixture(() => postgresHarnessWithMembers(['c1']));

  const redeem = (code: string, orderId: string) =>
    h.call('POST', '/v1/checkout/redemptions', {
      body: { code, customerId: 'c1', storeVersionId: 'fi', loggedIn: true, orderId, cart: cart(3000) },
    });

  test('100 concurrent redemptions of one code for 100 orders: exactly one succeeds, 99 are told it is used', async () => {
    await insertCode(h.ctx, { shopId: 'shop1', code: 'RACE-1', customerId: 'c1', valueCents: 1500 });
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => redeem('RACE-1', `race-order-${i}`)),
    );
    assert.deepEqual(statusCounts(answers), { 201: 1, 409: 99 });
    const refusals = answers.filter((a) => a.status === 409);
    assert.ok(refusals.every((a) => a.body.code === 'code_refused' && a.body.reason === 'used'));
    const winner = answers.find((a) => a.status === 201)!.body.orderId;
    const code = await h.ctx.db
      .selectFrom('discount_codes')
      .selectAll()
      .where('code', '=', 'RACE-1')
      .executeTakeFirstOrThrow();
    assert.deepEqual([code.status, code.used_order_id], ['used', winner]);
    const spent = await sql<{
      n: number;
    }>`select count(*)::int as n from code_redemptions where code = 'RACE-1'`.execute(h.ctx.db);
    assert.equal(spent.rows[0]!.n, 1);
  });

  test('100 concurrent retries of one redemption: one applies, the others answer the same redemption', async () => {
    h.clock.advance(120_000); // fresh code-attempt windows: the 99 refusals above count against c1
    await insertCode(h.ctx, { shopId: 'shop1', code: 'RACE-2', customerId: 'c1', valueCents: 1500 });
    const answers = await Promise.all(Array.from({ length: 100 }, () => redeem('RACE-2', 'same-order')));
    assert.deepEqual(statusCounts(answers), { 201: 1, 200: 99 });
    assert.ok(answers.every((a) => a.body.discountCents === 1500 && a.body.orderId === 'same-order'));
  });

  test('50 concurrent requests with one Idempotency-Key: one adjustment, the rest replayed or told to wait', async () => {
    const before = await balanceOf(h.ctx, 'shop1', 'c1');
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        h.call('POST', '/v1/members/c1/adjustments', {
          body: { points: 40, reason: 'Compensation' },
          headers: { 'idempotency-key': 'race-key' },
        }),
      ),
    );
    const counts = statusCounts(answers);
    assert.equal((counts[201] ?? 0) + (counts[409] ?? 0), 50, JSON.stringify(counts));
    assert.ok(
      answers.filter((a) => a.status === 201 && a.headers['idempotent-replayed'] !== 'true').length === 1,
    );
    assert.ok(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'idempotency_key_in_use'));
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c1'), before + 40);
  });

  test('20 concurrent joins of one customer: one joins and is paid once, the others are told they are members', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.call('POST', '/v1/members', { body: { customerId: 'c2', source: 'pos' } }),
      ),
    );
    assert.deepEqual(statusCounts(answers), { 201: 1, 409: 19 });
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c2'), 10);
  });
});
