import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { suiteFixture } from '../support/suite-fixture.ts';
import { apiHarness, assertRefusedFields, newShopKey, statusAndCode } from './harness.ts';

describe('program and store versions: refused changes', () => {
  const h = suiteFixture(() => apiHarness());
  let empty: string;
  before(async () => {
    empty = await newShopKey(h, { id: 'empty', name: 'No versions', storeVersions: [] }, 'Empty');
  });

  test('invalid settings are listed field by field and nothing is saved', async () => {
    const before = (await h.call('GET', '/v1/program')).body;
    const answer = await h.call('PATCH', '/v1/program/settings', {
      body: {
        tiers: [
          { points: 300, valueCents: 1500 },
          { points: 200, valueCents: 1000 },
        ],
        timeZone: 'Mars/Olympus',
        storeVersionIds: ['fi', 'b2b', 'xx'],
      },
    });
    assertRefusedFields(
      answer,
      ['storeVersionIds.1', 'storeVersionIds.2', 'tiers.1.points', 'tiers.1.valueCents', 'timeZone'],
      'invalid_settings',
    );
    assert.deepEqual((await h.call('GET', '/v1/program')).body, before);
  });

  test('settings of the wrong shape are refused with the field names', async () => {
    const answer = await h.call('PATCH', '/v1/program/settings', {
      body: { purchaseRatioCents: 50, joinPoints: -1, codeValidityMonths: 0, language: 'sv' },
    });
    assertRefusedFields(answer, ['codeValidityMonths', 'joinPoints', 'language', 'purchaseRatioCents']);
  });

  test('a version that requires login can never be selected', async () => {
    const requiresLogin = await statusAndCode(h, 'PUT', '/v1/program/store-versions/b2b');
    assert.deepEqual(requiresLogin, [422, 'store_version_requires_login']);
    const unknown = await statusAndCode(h, 'PUT', '/v1/program/store-versions/de');
    assert.deepEqual(unknown, [404, 'store_version_not_found']);
  });

  test('a selected version cannot start requiring login', async () => {
    const answer = await h.call('PUT', '/v1/store-versions/fi', {
      body: { name: 'Verkkokauppa', requiresLogin: true },
    });
    assert.deepEqual(
      [answer.status, answer.body.code, answer.body.errors[0].field],
      [422, 'store_version_requires_login', 'requiresLogin'],
    );
    const versions = await h.call('GET', '/v1/store-versions');
    assert.equal(versions.body.data.find((v: { id: string }) => v.id === 'fi').requiresLogin, false);
  });

  test('a shop without a program is told to create one; publishing needs a selected version', async () => {
    for (const [method, url] of [
      ['GET', '/v1/program'],
      ['PATCH', '/v1/program/settings'],
      ['POST', '/v1/program/publish'],
    ] as const) {
      const options = { key: empty, ...(method === 'PATCH' ? { body: {} } : {}) };
      assert.deepEqual(await statusAndCode(h, method, url, options), [404, 'program_not_found'], url);
    }
    await h.call('POST', '/v1/program', { key: empty });
    const publish = await h.call('POST', '/v1/program/publish', { key: empty });
    assert.deepEqual(
      [publish.status, publish.body.code, publish.body.errors[0].field],
      [409, 'program_not_publishable', 'storeVersionIds'],
    );
  });

  test('there is no way to delete a program', async () => {
    assert.deepEqual(await statusAndCode(h, 'DELETE', '/v1/program'), [404, 'route_not_found']);
    assert.equal((await h.call('GET', '/v1/program')).status, 200);
  });
});
