import assert from 'node:assert/strict';
import { test } from 'node:test';
import { upsertCustomer } from '../../src/app/customers/upsert-customer.ts';
import { getMember } from '../../src/app/members/member-view.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { testAppWithPublishedShop } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';

const app = suiteFixture(() => testAppWithPublishedShop('s'));

test('a customer is created once and then updated, even within the same instant', async () => {
  const at = app.clock.now();
  const first = await upsertCustomer(app.ctx, {
    shopId: 's',
    customerId: 'n1',
    email: 'a@example.com',
    registeredAt: at,
  });
  const second = await upsertCustomer(app.ctx, {
    shopId: 's',
    customerId: 'n1',
    email: 'b@example.com',
    registeredAt: at,
  });
  assert.deepEqual([first.created, second.created], [true, false]);
  assert.equal((await getMember(app.ctx, 's', 'n1')).email, 'b@example.com');
});

test('a customer needs an id and a shop that exists', async () => {
  await assert.rejects(
    upsertCustomer(app.ctx, { shopId: 's', customerId: ' ', registeredAt: app.clock.now() }),
    (e: unknown) => e instanceof DomainError && e.code === 'invalid_input',
  );
  await assert.rejects(
    upsertCustomer(app.ctx, { shopId: 'nope', customerId: 'x', registeredAt: app.clock.now() }),
    (e: unknown) => e instanceof DomainError && e.code === 'shop_not_found',
  );
});
