import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApiKey } from '../../src/app/api-keys/create-api-key.ts';
import { loadProgram } from '../../src/app/program/load-program.ts';
import { newShop } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { signedInAdmin } from './support/admin-client.ts';

/** The steps of the checklist that are ticked, in order. */
const ticked = (html: string) =>
  [...html.matchAll(/<li class="step done" data-step="([a-z-]+)">/g)].map((m) => m[1]);
const FI = { 'accept-language': 'fi-FI,fi;q=0.9' };

describe('getting-started checklist, default name and confirmed start', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('starter', async ({ ctx }) => {
      await newShop(ctx, 'starter');
      await newShop(ctx, 'other', [{ id: 'x', name: 'X', requiresLogin: false }]);
      await createApiKey(ctx, { shopId: 'other', name: 'Other key', readOnly: false });
    }),
  );

  test('a new shop sees every step to do, with its links', async () => {
    const page = await admin.client.get('/admin/program');
    assert.equal(page.status, 200);
    assert.match(page.text, /<h2 id="checklist-title">Getting started<\/h2>/);
    assert.deepEqual(ticked(page.text), [], 'another shop’s versions and keys do not count');
    for (const href of ['/admin/store-versions', '/admin/api-keys', '/docs', '/docs#tag/orders'])
      assert.match(page.text, new RegExp(`<a href="${href}">`), href);
    assert.match(page.text, /<span class="visually-hidden">Not done yet: <\/span>/);
  });

  test('a program created in a Finnish admin is called Kanta-asiakasohjelma', async () => {
    await admin.client.get('/admin/program', FI);
    const created = await admin.client.request('POST', '/admin/program/create', { form: {}, headers: FI });
    assert.equal(created.status, 303);
    const program = await loadProgram(admin.ctx.db, 'starter');
    assert.equal(program.settings.name, 'Kanta-asiakasohjelma');
    assert.equal(program.settings.language, 'fi');
    const page = await admin.client.get('/admin/program', FI);
    assert.match(page.text, /<h2 id="checklist-title">Käyttöönotto<\/h2>/);
    assert.match(page.text, /<a href="\/admin\/program\/settings">Valitse asetukset ja katso arvio<\/a>/);
  });

  test('each step is ticked when done', async () => {
    await admin.client.get('/admin/store-versions');
    await admin.client.post('/admin/store-versions', { id: 'fi', name: 'Verkkokauppa' });
    assert.deepEqual(ticked((await admin.client.get('/admin/program')).text), ['versions']);
    const created = await admin.client.get(
      (await admin.client.post('/admin/api-keys', { name: 'Web shop' })).location!,
    );
    const key = /id="new-key" class="code secret" value="([^"]+)"/.exec(created.text)![1]!;
    assert.deepEqual(ticked((await admin.client.get('/admin/program')).text), ['versions', 'api-key']);
    await admin.server.inject({
      method: 'GET',
      url: '/v1/api-key',
      headers: { authorization: `Bearer ${key}` },
    });
    assert.deepEqual(ticked((await admin.client.get('/admin/program')).text), [
      'versions',
      'api-key',
      'integration',
    ]);
    await admin.client.post('/admin/program/versions/fi', { visible: 'true' });
    assert.deepEqual(ticked((await admin.client.get('/admin/program')).text), [
      'versions',
      'api-key',
      'integration',
      'settings',
    ]);
  });

  test('Start asks for confirmation, saying that billing starts now', async () => {
    const asked = await admin.client.post('/admin/program/publish', {});
    assert.equal(asked.status, 200);
    assert.match(asked.text, /<h1 id="confirm-title">Start the loyalty program\?<\/h1>/);
    assert.match(asked.text, /Billing starts now/);
    assert.match(asked.text, /<input type="hidden" name="confirm" value="yes">/);
    assert.equal((await loadProgram(admin.ctx.db, 'starter')).status, 'draft');
    const fi = await admin.client.request('POST', '/admin/program/publish', { form: {}, headers: FI });
    assert.match(fi.text, /Laskutus alkaa nyt/);
    assert.equal(
      (await admin.client.post('/admin/program/publish', { confirm: 'yes' }, 'forged')).status,
      403,
    );
    assert.equal((await loadProgram(admin.ctx.db, 'starter')).status, 'draft');
    const started = await admin.client.post('/admin/program/publish', { confirm: 'yes' });
    assert.equal(started.status, 303);
    assert.equal((await loadProgram(admin.ctx.db, 'starter')).status, 'published');
    const page = await admin.client.get(started.location!);
    assert.match(page.text, /The loyalty program is running\./);
    assert.doesNotMatch(page.text, /id="checklist"/, 'the checklist goes once the program runs');
  });
});
