import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VerifiedShopperTokens, type VerifiedToken } from '../../src/http/auth/verified-shopper-tokens.ts';

const entry = (customerId: string): VerifiedToken => ({
  identity: { shopId: 'shop1', customerId, storeVersionId: 'web' },
  kid: 'ss_1',
  validFrom: 100,
  validUntil: 200,
});

test('a verified token is reused only inside its time window', () => {
  const tokens = new VerifiedShopperTokens();
  tokens.set('t1', entry('c1'));
  assert.equal(tokens.get('t1', 99), undefined);
  assert.equal(tokens.get('t1', 100)?.identity.customerId, 'c1');
  assert.equal(tokens.get('t1', 200)?.identity.customerId, 'c1');
  assert.equal(tokens.get('t1', 201), undefined);
  // Past its window it is dropped, so an earlier clock does not bring it back.
  assert.equal(tokens.get('t1', 150), undefined);
  assert.equal(tokens.get('t2', 150), undefined);
});

test('the oldest tokens give way once the capacity is reached', () => {
  const tokens = new VerifiedShopperTokens(2);
  tokens.set('t1', entry('c1'));
  tokens.set('t2', entry('c2'));
  tokens.set('t3', entry('c3'));
  assert.deepEqual(
    ['t1', 't2', 't3'].map((t) => tokens.get(t, 150)?.identity.customerId),
    [undefined, 'c2', 'c3'],
  );
});
