import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiHarness, apiHarness, join } from '../http/harness.ts';

describe('campaigns and bonus grants through the store API', () => {
  let h: ApiHarness;
  before(async () => {
    h = await apiHarness('2026-11-20T10:00:00Z');
    await h.call('PUT', '/v1/customers/m1', {
      body: { email: 'm1@example.com', registeredAt: '2026-06-01T09:00:00Z' },
    });
    await join(h, 'm1');
  });
  after(() => h.close());

  const blackFriday = {
    id: 'bf',
    name: 'Black Friday',
    multiplierPct: 200,
    startsAt: '2026-11-27T00:00',
    endsAt: '2026-12-01T00:00',
    membersFrom: '2026-11-26T18:00',
  };

  test('a campaign is created in the shop’s local time, edited before it opens, then read as in force', async () => {
    const created = await h.call('POST', '/v1/campaigns', { body: blackFriday });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.startsAt, '2026-11-26T22:00:00.000Z');
    assert.equal(created.body.membersFrom, '2026-11-26T16:00:00.000Z');
    assert.equal(created.body.state, 'planned');
    const edited = await h.call('PUT', '/v1/campaigns/bf', {
      body: { ...blackFriday, id: undefined, multiplierPct: 300 },
    });
    assert.equal(edited.status, 200, edited.text);
    assert.equal(edited.body.multiplierPct, 300);
    assert.deepEqual((await h.call('GET', '/v1/campaigns?active=now')).body.data, []);

    h.clock.set(new Date('2026-11-26T16:30:00Z'));
    const early = await h.call('GET', '/v1/campaigns?active=now', { key: h.keys.readOnly });
    assert.equal(early.status, 200);
    assert.deepEqual(
      early.body.data.map((c: { id: string; state: string }) => [c.id, c.state]),
      [['bf', 'members_only']],
    );
    const refused = await h.call('PUT', '/v1/campaigns/bf', { body: blackFriday });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'campaign_started');
    assert.equal((await h.call('DELETE', '/v1/campaigns/bf')).body.code, 'campaign_started');
  });

  test('a bad campaign is refused naming its fields; another shop does not see it', async () => {
    const bad = await h.call('POST', '/v1/campaigns', {
      body: { ...blackFriday, id: 'bad', endsAt: '2026-11-20T00:00', membersFrom: '2026-11-28T00:00' },
    });
    assert.equal(bad.status, 422, bad.text);
    assert.deepEqual(bad.body.errors.map((e: { field: string }) => e.field).sort(), [
      'endsAt',
      'membersFrom',
    ]);
    assert.equal((await h.call('GET', '/v1/campaigns/bf', { key: h.keys.otherShop })).status, 404);
    assert.equal(
      (await h.call('POST', '/v1/campaigns', { key: h.keys.readOnly, body: blackFriday })).status,
      403,
    );
  });

  test('a bonus grant credits members once; the API key is its author', async () => {
    const body = { grantId: 'g1', customerIds: ['m1', 'c1'], points: 25, reason: 'Sorry for the wait' };
    const first = await h.call('POST', '/v1/bonus-grants', { body });
    assert.equal(first.status, 201, first.text);
    assert.equal(first.body.membersGranted, 1);
    assert.deepEqual(first.body.skippedCustomerIds, ['c1']);
    const again = await h.call('POST', '/v1/bonus-grants', { body });
    assert.equal(again.status, 200);
    assert.equal(again.body.outcome, 'duplicate');
    const other = await h.call('POST', '/v1/bonus-grants', { body: { ...body, points: 30 } });
    assert.equal(other.status, 409);
    assert.equal(other.body.code, 'grant_exists');
    const listed = await h.call('GET', '/v1/bonus-grants');
    assert.equal(listed.body.data[0].author, 'Web shop');
  });

  test('ending a campaign early', async () => {
    h.clock.set(new Date('2026-11-28T10:00:00Z'));
    const ended = await h.call('POST', '/v1/campaigns/bf/end');
    assert.equal(ended.status, 200, ended.text);
    assert.equal(ended.body.state, 'ended');
    assert.equal(ended.body.endsAt, '2026-11-28T10:00:00.000Z');
    assert.equal((await h.call('POST', '/v1/campaigns/nope/end')).status, 404);
  });

  test('the points previews include a campaign in force and name it', async () => {
    const made = await h.call('POST', '/v1/campaigns', {
      body: {
        id: 'weekend',
        name: 'Weekend',
        multiplierPct: 200,
        startsAt: '2026-11-28T00:00',
        endsAt: '2026-11-30T00:00',
      },
    });
    assert.equal(made.status, 201, made.text);
    const lines = [{ productId: 'p', quantity: 1, unitPriceCents: 1290 }];
    const store = await h.call('POST', '/v1/points-preview', { body: { storeVersionId: 'fi', lines } });
    assert.equal(store.body.points, 25, store.text);
    assert.equal(store.body.campaign.id, 'weekend');
    assert.equal(store.body.campaign.endsAt, '2026-11-29T22:00:00.000Z');
    await h.call('PUT', '/v1/storefront-origins', { body: { origins: ['https://shop.example'] } });
    const shopper = await h.call('POST', '/v1/shopper/shops/shop1/store-versions/fi/points-preview', {
      key: null,
      body: { lines },
      headers: { origin: 'https://shop.example' },
    });
    assert.equal(shopper.status, 200, shopper.text);
    assert.equal(shopper.body.points, 25);
    assert.equal(shopper.body.campaign.multiplierPct, 200);
  });
});
