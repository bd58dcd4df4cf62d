import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getShopMailSettings, setShopMailSettings } from '../../src/app/mail/mail-settings.ts';
import { FINNISH_WEB_SHOP, newShop } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { signedInAdmin } from './support/admin-client.ts';
import { fieldError } from './support/program-settings-form.ts';

const FORM = {
  fromAddress: 'kanta-asiakas@kauppa.example',
  replyTo: 'asiakaspalvelu@kauppa.example',
  myAccountUrl: 'https://kauppa.example/oma-tili?x=1&y=<2>',
  introPageUrl: '',
};

describe('mail settings page', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('mailer', async ({ ctx }) => {
      for (const id of ['mailer', 'other']) await newShop(ctx, id, [FINNISH_WEB_SHOP]);
      await setShopMailSettings(ctx, 'other', { fromAddress: 'secret@other.example' });
    }),
  );
  const saved = () => getShopMailSettings(admin.ctx, 'mailer');

  test('the page shows the defaults as empty fields, in the navigation beside the e-mails', async () => {
    const page = await admin.client.get('/admin/mail-settings');
    assert.equal(page.status, 200);
    assert.match(page.text, /<a href="\/admin\/mail-settings" aria-current="page">E-mail settings<\/a>/);
    assert.match(page.text, /<label for="mail-fromAddress">Sender address<\/label>/);
    assert.match(page.text, /id="mail-fromAddress" name="fromAddress" value=""/);
    assert.doesNotMatch(page.text, /secret@other\.example/, 'another shop’s settings are not shown');
  });

  test('saving stores the addresses and links; an empty field is the default', async () => {
    const done = await admin.client.post('/admin/mail-settings', FORM);
    assert.equal(done.status, 303);
    const page = await admin.client.get(done.location!);
    assert.match(page.text, /E-mail settings saved\./);
    assert.match(page.text, /value="https:\/\/kauppa\.example\/oma-tili\?x=1&amp;y=&lt;2&gt;"/);
    assert.deepEqual(await saved(), {
      fromAddress: FORM.fromAddress,
      replyTo: FORM.replyTo,
      myAccountUrl: FORM.myAccountUrl,
      introPageUrl: null,
    });
    assert.equal((await getShopMailSettings(admin.ctx, 'other')).fromAddress, 'secret@other.example');
  });

  test('bad addresses are shown beside their fields and nothing is saved', async () => {
    const before = await saved();
    const refused = await admin.client.post('/admin/mail-settings', {
      fromAddress: 'not an address',
      replyTo: 'ok@kauppa.example',
      myAccountUrl: 'javascript:alert(1)',
      introPageUrl: `https://kauppa.example/${'x'.repeat(2000)}`,
    });
    assert.equal(refused.status, 422);
    assert.equal(
      fieldError(refused.text, 'fromAddress'),
      'Give an e-mail address, such as loyalty@shop.example',
    );
    assert.equal(fieldError(refused.text, 'replyTo'), '');
    assert.equal(fieldError(refused.text, 'myAccountUrl'), 'Give a web address starting with https://');
    assert.equal(fieldError(refused.text, 'introPageUrl'), 'At most 2000 characters');
    assert.match(refused.text, /id="mail-fromAddress" name="fromAddress" value="not an address"/);
    assert.deepEqual(await saved(), before);
  });

  test('the form without the CSRF token is refused and changes nothing', async () => {
    const before = await saved();
    for (const token of [null, 'forged']) {
      const answer = await admin.client.post(
        '/admin/mail-settings',
        { ...FORM, fromAddress: 'forged@x.example' },
        token,
      );
      assert.equal(answer.status, 403);
    }
    assert.deepEqual(await saved(), before);
  });

  test('in Finnish', async () => {
    const page = await admin.client.get('/admin/mail-settings', { 'accept-language': 'fi' });
    assert.match(page.text, /<h1>Sähköpostiasetukset<\/h1>/);
    assert.match(page.text, /Lähettäjän osoite/);
  });
});
