import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { orderBody } from '../http/harness.ts';
import { balanceOf, ledgerSum } from '../support/fixtures.ts';
import { postgresForTests } from '../support/requirements.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { postgresHarnessWithMembers, statusCounts } from './postgres-harness.ts';

const POSTGRES = await postgresForTests();

describe('concurrent order events on PostgreSQL', { skip: POSTGRES.skip }, () => {
  const h = suiteFixture(() => postgresHarnessWithMembers(['c1', 'c2', 'c3']));

  test('500 concurrent duplicate deliveries of one order credit its points once', async () => {
    await h.call('POST', '/v1/orders', { body: orderBody('o-500', 'c1') });
    const answers = await Promise.all(
      Array.from({ length: 500 }, () => h.call('POST', '/v1/orders/o-500/deliver')),
    );
    assert.deepEqual(statusCounts(answers), { 200: 500 });
    assert.equal(answers.filter((a) => a.body.outcome === 'applied').length, 1);
    assert.ok(answers.every((a) => a.body.pointsEarned === 59));
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c1'), 10 + 59);
    assert.equal(await ledgerSum(h.ctx, 'shop1', 'c1'), 10 + 59);
    const entries = await sql<{ n: number }>`
      select count(*)::int as n from ledger_entries where shop_id = 'shop1' and ref_id = 'o-500'`.execute(
      h.ctx.db,
    );
    assert.equal(entries.rows[0]!.n, 1);
  });

  test('200 concurrent reports of one POS sale credit it once', async () => {
    const body = orderBody('pos-200', 'c2', { channel: 'pos' });
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => h.call('POST', '/v1/sales', { body })),
    );
    const counts = statusCounts(answers);
    assert.deepEqual(counts, { 201: 1, 200: 199 });
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c2'), 10 + 59);
  });

  test('a return and a delivery racing on the same orders end in the same balance whichever wins', async () => {
    const orders = Array.from({ length: 25 }, (_, i) => `race-${i}`);
    for (const id of orders) await h.call('POST', '/v1/orders', { body: orderBody(id, 'c3') });
    const answers = await Promise.all(
      orders.flatMap((id, i) => {
        const deliver = () => h.call('POST', `/v1/orders/${id}/deliver`);
        const ret = () =>
          h.call('POST', `/v1/orders/${id}/returns`, {
            body: { id: `${id}-r`, lines: [{ lineNo: 2, quantity: 1 }] },
          });
        // Half the pairs are sent return-first, so both arrival orders occur.
        return i % 2 ? [deliver(), ret()] : [ret(), deliver()];
      }),
    );
    assert.ok(
      answers.every((a) => a.status < 300),
      JSON.stringify(statusCounts(answers)),
    );
    // Each order: 59 on delivery less 25 for the returned scarf, or 34 if the return came first.
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c3'), 10 + 25 * 34);
    assert.equal(await ledgerSum(h.ctx, 'shop1', 'c3'), 10 + 25 * 34);
    for (const id of orders) {
      const order = await h.call('GET', `/v1/orders/${id}`);
      assert.equal(order.body.pointsEarned - order.body.pointsDeducted, 34, id);
    }
  });
});
