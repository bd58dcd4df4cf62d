import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { type ApiHarness, apiHarnessWithMembers } from '../http/harness.ts';
import { balanceOf } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';

/** SHA-256 of "alice@example.com", worked out once outside the service. */
const ALICE_SHA256 = 'ff8d9819fc0e12bf0d24892e45987e249a28dce836a85cad60e28eaaa8c6d976';

const lines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

describe('consent and segments through the store API', () => {
  const h: ApiHarness = suiteFixture(async () => {
    const harness = await apiHarnessWithMembers('c1', 'c2', 'c3');
    // c1's address as an import may have left it: spaces around, capitals.
    await harness.ctx.db
      .updateTable('customers')
      .set({ email: '  Alice@Example.COM ' })
      .where('shop_id', '=', 'shop1')
      .where('id', '=', 'c1')
      .execute();
    return harness;
  });

  test('consent: never asked, given, withdrawn; the latest wins and the source and time are kept', async () => {
    const before = await h.call('GET', '/v1/members/c1/marketing-consent');
    assert.deepEqual(before.body, {
      object: 'marketing_consent',
      customerId: 'c1',
      granted: false,
      source: null,
      changedAt: null,
    });
    for (const [id, granted] of [
      ['c1', true],
      ['c2', true],
      ['c2', false],
    ] as const) {
      const set = await h.call('PUT', `/v1/members/${id}/marketing-consent`, {
        body: { granted, source: 'storefront' },
      });
      assert.equal(set.status, 200, set.text);
    }
    const c2 = await h.call('GET', '/v1/members/c2/marketing-consent');
    assert.equal(c2.body.granted, false);
    assert.equal(c2.body.source, 'storefront');
    assert.equal(c2.body.changedAt, h.clock.now().toISOString());
    const data = await h.call('GET', '/v1/customers/c2/personal-data');
    assert.deepEqual(
      JSON.parse(data.text).marketingConsent.map((c: { granted: boolean }) => c.granted),
      [true, false],
      'the history is in the data export',
    );
  });

  test('a segment is saved, counted and exported as members and as a hashed audience', async () => {
    const created = await h.call('POST', '/v1/segments', {
      body: { name: 'Everyone with points', filters: { balanceMin: 0 } },
    });
    assert.equal(created.status, 201, created.text);
    const id = created.body.id as string;
    assert.match(id, /^seg_[0-9a-f]{16}$/);
    const read = await h.call('GET', `/v1/segments/${id}`);
    assert.equal(read.body.memberCount, 3);

    const members = await h.call('GET', `/v1/segments/${id}/members`);
    assert.equal(members.headers['content-type'], 'application/x-ndjson; charset=utf-8');
    assert.deepEqual(
      lines(members.text).map((m) => [m.customerId, m.balance, m.marketingConsent]),
      [
        ['c1', 10, true],
        ['c2', 10, false],
        ['c3', 10, false],
      ],
    );

    const audience = await h.call('GET', `/v1/segments/${id}/audience`);
    assert.deepEqual(
      lines(audience.text),
      [{ emailSha256: ALICE_SHA256 }],
      'only the consenting member, hashed',
    );
    assert.equal(createHash('sha256').update('alice@example.com').digest('hex'), ALICE_SHA256);
  });

  test('filters are checked: a range the wrong way round, an unknown store version, an unknown filter', async () => {
    const bad = await h.call('POST', '/v1/segments', {
      body: { name: 'x', filters: { balanceMin: 10, balanceMax: 1, storeVersionId: 'nope', extra: 1 } },
    });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.code, 'invalid_input');
    const again = await h.call('POST', '/v1/segments', {
      body: { name: 'x', filters: { balanceMin: 10, balanceMax: 1, storeVersionId: 'nope' } },
    });
    assert.deepEqual(again.body.errors.map((e: { field: string }) => e.field).sort(), [
      'filters.balanceMax',
      'filters.storeVersionId',
    ]);
    const missing = await h.call('GET', '/v1/segments/seg_0000000000000000');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'segment_not_found');
  });

  test('a segment receives a bonus grant once per grant id', async () => {
    const created = await h.call('POST', '/v1/segments', {
      body: { name: 'Consented', filters: { marketingConsent: true } },
    });
    const url = `/v1/segments/${created.body.id}/bonus-grants`;
    const body = { grantId: 'thanks-consent', points: 25, reason: 'Thanks for subscribing' };
    const first = await h.call('POST', url, { body });
    assert.equal(first.status, 201, first.text);
    assert.equal(first.body.membersGranted, 1);
    const again = await h.call('POST', url, { body });
    assert.equal(again.status, 200);
    assert.equal(again.body.outcome, 'duplicate');
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c1'), 35);
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c2'), 10);
  });
});
