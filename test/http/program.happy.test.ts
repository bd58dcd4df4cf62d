import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { suiteFixture } from '../support/suite-fixture.ts';
import { apiHarness, join, newShopKey, orderBody } from './harness.ts';

describe('program, store versions and the key check', () => {
  const h = suiteFixture(() => apiHarness());
  let fresh: string;
  before(async () => {
    const versions = [
      { id: 'fi', name: 'Kauppa', requiresLogin: false },
      { id: 'pro', name: 'Ammattilaiset', requiresLogin: true },
    ];
    fresh = await newShopKey(
      h,
      { id: 'fresh', name: 'Fresh shop', storeVersions: versions },
      'Fresh web shop',
    );
  });

  test('the key check names the shop and the key', async () => {
    const answer = await h.call('GET', '/v1/api-key', { key: h.keys.readOnly });
    assert.equal(answer.status, 200);
    assert.deepEqual(
      { ...answer.body, id: undefined },
      { object: 'api_key', id: undefined, name: 'Storefront', shopId: 'shop1', readOnly: true },
    );
  });

  test('a program is created from the presets, configured, and published', async () => {
    const created = await h.call('POST', '/v1/program', { key: fresh });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.status, 'draft');
    assert.deepEqual(created.body.settings.tiers, [
      { points: 100, valueCents: 500 },
      { points: 250, valueCents: 1500 },
      { points: 500, valueCents: 4000 },
    ]);
    assert.deepEqual(
      [created.body.settings.purchaseRatioCents, created.body.settings.codeValidityMonths],
      [100, 3],
    );
    const again = await h.call('POST', '/v1/program', { key: fresh, body: { settings: { name: 'Other' } } });
    assert.deepEqual([again.status, again.body.settings.name], [200, 'Loyalty program'], 'never replaced');

    const changed = await h.call('PATCH', '/v1/program/settings', {
      key: fresh,
      body: { name: 'Kanta-asiakasklubi', joinPoints: 50, tiers: [{ points: 200, valueCents: 1000 }] },
    });
    assert.equal(changed.status, 200, changed.text);
    assert.deepEqual(
      [
        changed.body.settings.name,
        changed.body.settings.joinPoints,
        changed.body.settings.tiers.length,
        changed.body.settings.currency,
      ],
      ['Kanta-asiakasklubi', 50, 1, 'EUR'],
    );
    const shown = await h.call('PUT', '/v1/program/store-versions/fi', { key: fresh });
    assert.deepEqual(shown.body.settings.storeVersionIds, ['fi']);
    const published = await h.call('POST', '/v1/program/publish', { key: fresh });
    assert.equal(published.status, 200);
    assert.equal(published.body.status, 'published');
    assert.equal(published.body.publishedAt, h.clock.now().toISOString());
    const read = await h.call('GET', '/v1/program', { key: fresh });
    assert.deepEqual(read.body, published.body);
    const republished = await h.call('POST', '/v1/program/publish', { key: fresh });
    assert.equal(republished.body.publishedAt, published.body.publishedAt);
  });

  test('hiding the program in a version stops earning there; showing it again restores it', async () => {
    await join(h, 'c1');
    const hidden = await h.call('DELETE', '/v1/program/store-versions/en');
    assert.deepEqual(hidden.body.settings.storeVersionIds, ['fi']);
    const versions = await h.call('GET', '/v1/store-versions');
    assert.deepEqual(
      versions.body.data.map((v: { id: string; selected: boolean; requiresLogin: boolean }) => [
        v.id,
        v.selected,
        v.requiresLogin,
      ]),
      [
        ['b2b', false, true],
        ['en', false, false],
        ['fi', true, false],
      ],
    );
    const order = await h.call('POST', '/v1/orders', {
      body: orderBody('o-en', 'c1', { storeVersionId: 'en' }),
    });
    assert.deepEqual([order.body.earns, order.body.notEarningReason], [false, 'version_not_selected']);
    const shown = await h.call('PUT', '/v1/program/store-versions/en');
    assert.deepEqual(shown.body.settings.storeVersionIds, ['fi', 'en']);
    const later = await h.call('POST', '/v1/orders', {
      body: orderBody('o-en-2', 'c1', { storeVersionId: 'en' }),
    });
    assert.equal(later.body.earns, true);
  });

  test('store versions are created and updated by id', async () => {
    // In the fresh shop, so that shop1's versions stay as the other tests list them.
    const created = await h.call('PUT', '/v1/store-versions/sv', { key: fresh, body: { name: 'Svenska' } });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(
      { ...created.body, createdAt: undefined },
      {
        object: 'store_version',
        id: 'sv',
        name: 'Svenska',
        requiresLogin: false,
        selected: false,
        createdAt: undefined,
      },
    );
    const updated = await h.call('PUT', '/v1/store-versions/sv', {
      key: fresh,
      body: { name: 'Svensk butik', requiresLogin: true },
    });
    assert.deepEqual(
      [updated.status, updated.body.name, updated.body.requiresLogin],
      [200, 'Svensk butik', true],
    );
    assert.equal(updated.body.createdAt, created.body.createdAt);
  });
});
