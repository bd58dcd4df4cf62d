import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { balanceOf } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { apiHarnessWithMembers, assertRefusedFields, statusAndCode } from './harness.ts';

describe('customers and members: refused requests', () => {
  const h = suiteFixture(() => apiHarnessWithMembers('c1'));

  test('a customer with an invalid e-mail or a time without offset is refused field by field', async () => {
    const answer = await h.call('PUT', '/v1/customers/c9', {
      body: { email: 'not-an-email', registeredAt: '2026-05-01T12:00:00' },
    });
    assertRefusedFields(answer, ['email', 'registeredAt']);
    assert.equal((await h.call('GET', '/v1/customers/c9')).status, 404);
  });

  test('joining twice, or joining as an unknown customer, is refused', async () => {
    assert.deepEqual(
      await statusAndCode(h, 'POST', '/v1/members', { body: { customerId: 'c1', source: 'my_account' } }),
      [409, 'already_member'],
    );
    assert.deepEqual(
      await statusAndCode(h, 'POST', '/v1/members', { body: { customerId: 'ghost', source: 'pos' } }),
      [404, 'customer_not_found'],
    );
    const badSource = await h.call('POST', '/v1/members', { body: { customerId: 'c2', source: 'email' } });
    assert.deepEqual([badSource.status, badSource.body.errors[0].field], [422, 'source']);
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c1'), 10);
  });

  test('leaving when not a member, and reading a member who never joined, are refused', async () => {
    assert.deepEqual(await statusAndCode(h, 'DELETE', '/v1/members/c2'), [409, 'not_a_member']);
    assert.deepEqual(await statusAndCode(h, 'GET', '/v1/members/c2'), [404, 'member_not_found']);
    assert.deepEqual(await statusAndCode(h, 'DELETE', '/v1/members/ghost'), [404, 'customer_not_found']);
  });

  test('an adjustment needs a reason and a whole number of points other than zero', async () => {
    const noReason = await h.call('POST', '/v1/members/c1/adjustments', {
      body: { points: 5, reason: '   ' },
    });
    assert.deepEqual(
      [noReason.status, noReason.body.code, noReason.body.errors[0].field],
      [422, 'reason_required', 'reason'],
    );
    const zero = await h.call('POST', '/v1/members/c1/adjustments', { body: { points: 0, reason: 'x' } });
    assert.deepEqual([zero.status, zero.body.errors[0].field], [422, 'points']);
    const fraction = await h.call('POST', '/v1/members/c1/adjustments', {
      body: { points: 1.5, reason: 'x' },
    });
    assert.deepEqual([fraction.status, fraction.body.errors[0].field], [422, 'points']);
    const missing = await h.call('POST', '/v1/members/c1/adjustments', { body: { points: 5 } });
    assert.deepEqual([missing.status, missing.body.errors[0].field], [422, 'reason']);
    assert.deepEqual(
      await statusAndCode(h, 'POST', '/v1/members/c2/adjustments', {
        body: { points: 5, reason: 'x' },
      }),
      [404, 'member_not_found'],
    );
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c1'), 10);
  });

  test('the ledger’s paging is validated', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'before=-1']) {
      const answer = await h.call('GET', `/v1/members/c1/ledger?${query}`);
      assert.equal(answer.status, 422, query);
      assert.match(answer.body.errors[0].field, /^query\.(limit|before)$/);
    }
  });

  test('a lookup needs exactly one criterion, and enough of a phone number', async () => {
    for (const query of ['', '?email=c1@example.com&memberNumber=1', '?phone=12']) {
      const answer = await h.call('GET', `/v1/members${query}`);
      assert.equal(answer.status, 422, query);
    }
  });
});
