import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { suiteFixture } from '../support/suite-fixture.ts';
import { apiHarnessWithMembers, orderBody } from './harness.ts';

describe('times are bounded to the years 1970 to 2999', () => {
  const h = suiteFixture(() => apiHarnessWithMembers('c1'));

  for (const at of [
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00+01:00',
    '1969-12-31T23:59:59Z',
    '3000-01-01T00:00:00Z',
  ]) {
    test(`${at} is refused with 422 naming the field, and nothing is written`, async () => {
      const customer = await h.call('PUT', '/v1/customers/early', { body: { registeredAt: at } });
      assert.equal(customer.status, 422, customer.text);
      assert.equal(customer.body.code, 'invalid_input');
      assert.deepEqual(
        customer.body.errors.map((e: { field: string }) => e.field),
        ['registeredAt'],
      );
      assert.equal((await h.call('GET', '/v1/customers/early')).status, 404);

      const order = await h.call('POST', '/v1/orders', {
        body: orderBody('o-early', 'c1', { placedAt: at }),
      });
      assert.equal(order.status, 422, order.text);
      assert.equal((await h.call('GET', '/v1/orders/o-early')).status, 404);
    });
  }

  test('the first and last accepted moments are taken', async () => {
    const first = await h.call('PUT', '/v1/customers/first', {
      body: { registeredAt: '1970-01-01T00:00:00Z' },
    });
    assert.ok(first.status < 300, first.text);
    const last = await h.call('PUT', '/v1/customers/last', {
      body: { registeredAt: '2999-12-31T23:59:59Z' },
    });
    assert.ok(last.status < 300, last.text);
  });
});
