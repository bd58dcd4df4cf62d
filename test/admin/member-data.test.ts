import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { adjustPoints } from '../../src/app/ledger/adjust-points.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { balanceOf, insertCode, newCustomer, publishedShop } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { newUserClient, signedInAdmin } from './support/admin-client.ts';

/** A member's data from their page in the admin: downloaded as one file, or erased after a confirmation. */
describe('admin: a member’s personal data', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('shop', async ({ ctx }) => {
      await publishedShop(ctx, 'shop');
      await newCustomer(ctx, 'shop', 'anna/1', {
        phone: '040 123 4567',
        name: 'Anna Virtanen',
        email: 'anna@example.com',
      });
      await newCustomer(ctx, 'shop', 'bea', { phone: '050 765 4321', name: 'Bea Nieminen' });
      for (const customerId of ['anna/1', 'bea', 'c2']) {
        await joinProgram(ctx, { shopId: 'shop', customerId, source: 'registration' });
        await adjustPoints(ctx, {
          shopId: 'shop',
          customerId,
          points: 80,
          reason: 'Goodwill',
          author: 'Till',
        });
        await insertCode(ctx, { shopId: 'shop', code: `CODE-${customerId}`, customerId });
      }
    }),
  );

  test('the member’s page has both buttons', async () => {
    const page = await admin.client.get('/admin/members/anna%2F1');
    assert.equal(page.status, 200);
    assert.match(
      page.text,
      /href="\/admin\/members\/anna%2F1\/personal-data" download[^>]*>Download data \(JSON\)</,
    );
    assert.match(page.text, /href="\/admin\/members\/anna%2F1\/erase">Erase personal data</);
  });

  test('downloads everything stored about them as member-<id>.json', async () => {
    const file = await admin.client.get('/admin/members/anna%2F1/personal-data');
    assert.equal(file.status, 200);
    assert.match(String(file.headers['content-type']), /^application\/json/);
    assert.equal(
      file.headers['content-disposition'],
      `attachment; filename="member-anna/1.json"; filename*=UTF-8''member-anna%2F1.json`,
    );
    assert.equal(file.json.customer.email, 'anna@example.com');
    assert.equal(file.json.ledger.at(-1).reason, 'Goodwill');
    assert.equal(file.json.codes[0].code, 'CODE-anna/1');
    assert.equal((await admin.client.get('/admin/members/nobody/personal-data')).status, 404);
  });

  test('erasing asks first and says what will happen; cancelling changes nothing', async () => {
    const confirm = await admin.client.get('/admin/members/c2/erase');
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /Erase the personal data of Customer c2\?/);
    assert.match(confirm.text, /cannot be undone/);
    for (const what of [
      /leave the loyalty program/,
      /voided and refused at checkout/,
      /cancelled/,
      /“\(erased\)”/,
    ]) {
      assert.match(confirm.text, what);
    }
    assert.match(confirm.text, /href="\/admin\/members\/c2">Cancel</);
    const unconfirmed = await admin.client.post('/admin/members/c2/erase', {});
    assert.equal(unconfirmed.status, 303);
    assert.equal(unconfirmed.location, '/admin/members/c2/erase');
    assert.equal((await admin.client.get('/admin/members/c2')).text.includes('c2@example.com'), true);
  });

  test('confirmed, it erases, keeps the balance and records who did it', async () => {
    const before = await balanceOf(admin.ctx, 'shop', 'bea');
    const erased = await admin.client.post('/admin/members/bea/erase', { confirm: 'yes' });
    assert.equal(erased.status, 303);
    assert.equal(erased.location, '/admin/members/bea/erase?done=erased');
    const done = await admin.client.get(erased.location!);
    assert.match(done.text, /The customer’s personal data was erased\./);
    assert.match(done.text, /Erased on .* by owner@shop\.example\./);
    assert.match(done.text, /Codes voided: 1\. E-mails cancelled: 0\. Reasons erased: 1\./);
    const page = await admin.client.get('/admin/members/bea');
    assert.match(page.text, /Member Erased customer/);
    assert.doesNotMatch(page.text, /Bea|bea@example\.com|4321|Goodwill/);
    assert.match(page.text, /Voided/);
    assert.equal(await balanceOf(admin.ctx, 'shop', 'bea'), before);
    const search = await admin.client.get('/admin/members?q=bea%40example.com');
    assert.match(search.text, /No members found\./);
    // Asking again shows the erasure already done, and changes nothing.
    const again = await admin.client.post('/admin/members/bea/erase', { confirm: 'yes' });
    assert.equal(again.status, 303);
    assert.match((await admin.client.get('/admin/members/bea/erase')).text, /Erased on/);
  });

  test('in a Finnish admin, in Finnish', async () => {
    const { client: finnish } = await newUserClient(admin, 'shop', 'fi@shop.example', { name: 'Maija' });
    const headers = { 'accept-language': 'fi' };
    const page = await finnish.get('/admin/members/c2', headers);
    assert.match(page.text, /Lataa tiedot \(JSON\)/);
    assert.match(page.text, /Poista henkilötiedot/);
    const confirm = await finnish.get('/admin/members/c2/erase', headers);
    assert.match(confirm.text, /Poistetaanko asiakkaan Customer c2 henkilötiedot\?/);
    assert.match(confirm.text, /Poista pysyvästi/);
  });
});
