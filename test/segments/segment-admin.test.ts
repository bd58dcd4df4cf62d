import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signedInAdmin } from '../admin/support/admin-client.ts';
import { csvRecords, FINNISH_MEMBER_COLUMNS } from '../support/csv-download.ts';
import { balanceOf } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { NOW, seedSegmentShop } from './seeded-shop.ts';

const EVIL = '=HYPERLINK("http://evil.test","x")';
const fi = { 'accept-language': 'fi' };
/** SHA-256 of "m1@example.com", worked out once outside the service. */
const M1_SHA256 = '15518b10f6c5d78571e376bba50af9a8d7a8204f7f7b906a64941ef2e568e85b';

describe('the admin’s segments page', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('s', async (app) => {
      await seedSegmentShop(app.ctx, app.clock, 's');
      await app.ctx.db
        .updateTable('customers')
        .set({ name: EVIL })
        .where('shop_id', '=', 's')
        .where('id', '=', 'm2')
        .execute();
      app.clock.set(NOW);
    }),
  );
  let saved = '';

  test('the page counts every current member; the live count follows the filters and names a wrong field', async () => {
    const page = await admin.client.get('/admin/segments', fi);
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1>Segmentit<\/h1>/);
    assert.match(page.text, /<output id="segment-count"[^>]*>3<\/output>/);
    const count = await admin.client.get('/admin/segments/count?balanceMin=100&spendMin=', {
      ...fi,
      accept: 'application/json',
    });
    assert.deepEqual(JSON.parse(count.text), { count: 2 });
    const wrong = await admin.client.get('/admin/segments/count?balanceMin=abc&balanceMax=5', fi);
    assert.equal(wrong.status, 422);
    assert.deepEqual(JSON.parse(wrong.text).errors, { balanceMin: 'Anna kokonaisluku.' });
  });

  test('a segment is saved from the form (spend in euros with a decimal comma) and shown again', async () => {
    const answer = await admin.client.post('/admin/segments', {
      name: 'Ostaneet',
      spendMin: '60,00',
      balanceMin: '',
      marketingConsent: '',
      storeVersionId: '',
    });
    assert.equal(answer.status, 303, answer.text.slice(0, 300));
    saved = /\/admin\/segments\/(seg_[0-9a-f]+)\?done=saved/.exec(answer.location ?? '')![1]!;
    const page = await admin.client.get(`/admin/segments/${saved}`, fi);
    assert.match(page.text, /name="spendMin" value="60"/);
    assert.match(page.text, /<output id="segment-count"[^>]*>1<\/output>/);
    const refused = await admin.client.post('/admin/segments', {
      name: '',
      balanceMin: '5',
      balanceMax: '1',
    });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /data-error-for="balanceMax">Give at least 5/);
  });

  test('its members as CSV in Finnish settings: semicolons, Finnish headers, a formula made inert', async () => {
    const [header, ...rows] = csvRecords(
      await admin.client.get(`/admin/segments/${saved}/members.csv`, fi),
      ';',
    );
    assert.deepEqual(header, [
      ...FINNISH_MEMBER_COLUMNS,
      'Pistesaldo',
      'Pisteitä seuraavaan tasoon',
      'Markkinointilupa',
    ]);
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]!.slice(1), [
      'm2',
      `'${EVIL}`,
      'm2@example.com',
      '2026-05-01 13:00',
      '240',
      '10',
      'ei',
    ]);
  });

  test('the ad audience: hashed addresses of consenting members only', async () => {
    const all = await admin.client.post('/admin/segments', { name: 'Kaikki' });
    const id = /seg_[0-9a-f]+/.exec(all.location ?? '')![0];
    const [header, ...rows] = csvRecords(
      await admin.client.get(`/admin/segments/${id}/audience.csv`, fi),
      ';',
    );
    assert.deepEqual(header, ['Sähköposti SHA-256']);
    assert.deepEqual(rows, [[M1_SHA256]]);
  });

  test('a bonus grant to the segment, once per grant id', async () => {
    const form = { grantId: 'kiitos', points: '15', reason: 'Kiitos ostoksista' };
    const first = await admin.client.post(`/admin/segments/${saved}/grant`, form);
    assert.equal(first.status, 303);
    assert.match(first.location ?? '', /granted=1$/);
    const again = await admin.client.post(`/admin/segments/${saved}/grant`, form);
    assert.match(again.location ?? '', /done=duplicate$/);
    assert.equal(await balanceOf(admin.ctx, 's', 'm2'), 255);
  });
});
