import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { suiteFixture } from '../support/suite-fixture.ts';
import { apiHarness, assertRefusedFields } from './harness.ts';

describe('e-mail settings over the API', () => {
  const h = suiteFixture(() => apiHarness());

  test('start empty, are replaced as a whole, and stay with their shop', async () => {
    const empty = await h.call('GET', '/v1/mail-settings');
    assert.deepEqual(empty.body, {
      object: 'mail_settings',
      fromAddress: null,
      replyTo: null,
      myAccountUrl: null,
      introPageUrl: null,
    });
    const set = await h.call('PUT', '/v1/mail-settings', {
      body: { fromAddress: 'club@shop.example', myAccountUrl: 'https://shop.example/account' },
    });
    assert.equal(set.status, 200);
    assert.equal(set.body.myAccountUrl, 'https://shop.example/account');
    assert.equal((await h.call('GET', '/v1/mail-settings')).body.fromAddress, 'club@shop.example');
    assert.equal(
      (await h.call('GET', '/v1/mail-settings', { key: h.keys.otherShop })).body.fromAddress,
      null,
    );

    await h.call('PUT', '/v1/mail-settings', { body: { replyTo: 'help@shop.example' } });
    const replaced = (await h.call('GET', '/v1/mail-settings')).body;
    assert.deepEqual(
      [replaced.fromAddress, replaced.replyTo, replaced.myAccountUrl],
      [null, 'help@shop.example', null],
    );
  });

  test('refuse addresses that are not e-mail or web addresses, per field', async () => {
    const answer = await h.call('PUT', '/v1/mail-settings', {
      body: { fromAddress: 'not an address', introPageUrl: 'ftp://shop.example/club' },
    });
    assertRefusedFields(answer, ['fromAddress', 'introPageUrl']);
  });
});
