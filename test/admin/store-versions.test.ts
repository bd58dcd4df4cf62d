import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createProgram } from '../../src/app/program/manage-program.ts';
import { listStoreVersions } from '../../src/app/store-versions/list-store-versions.ts';
import { FINNISH_WEB_SHOP, newShop, WHOLESALE_SITE } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { signedInAdmin } from './support/admin-client.ts';
import { fieldError } from './support/program-settings-form.ts';

const EVIL = '<img src=x onerror=alert(1)>';

describe('store versions page', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('versions', async ({ ctx }) => {
      await newShop(ctx, 'versions');
      await newShop(ctx, 'other', [FINNISH_WEB_SHOP, WHOLESALE_SITE]);
    }),
  );
  const versions = () => listStoreVersions(admin.ctx, 'versions');

  test('a shop without versions is told so, and is offered the add form', async () => {
    const page = await admin.client.get('/admin/store-versions');
    assert.equal(page.status, 200);
    assert.match(page.text, /No store versions yet/);
    assert.match(page.text, /<a href="\/admin\/store-versions" aria-current="page">Store versions<\/a>/);
    assert.match(page.text, /<label for="new-id">ID<\/label>/);
    assert.doesNotMatch(page.text, /Wholesale/, 'another shop’s versions are not listed');
  });

  test('a version is added, listed and escaped', async () => {
    const added = await admin.client.post('/admin/store-versions', {
      id: ' fi ',
      name: `Verkkokauppa ${EVIL}`,
    });
    assert.equal(added.status, 303);
    const page = await admin.client.get(added.location!);
    assert.match(page.text, /Store version Verkkokauppa &lt;img src=x onerror=alert\(1\)&gt; added\./);
    assert.doesNotMatch(page.text, /<img src=x/);
    assert.match(page.text, /<tr data-version="fi">/);
    const b2b = await admin.client.post('/admin/store-versions', {
      id: 'b2b',
      name: 'Tukku',
      requiresLogin: 'true',
    });
    assert.equal(b2b.status, 303);
    assert.deepEqual(
      (await versions()).map((v) => [v.id, v.requiresLogin]),
      [
        ['b2b', true],
        ['fi', false],
      ],
    );
  });

  test('a version is renamed and marked as requiring login, or no longer', async () => {
    const saved = await admin.client.post('/admin/store-versions/b2b', { name: 'Wholesale' });
    assert.equal(saved.status, 303);
    assert.match((await admin.client.get(saved.location!)).text, /Store version Wholesale saved\./);
    const b2b = (await versions()).find((v) => v.id === 'b2b')!;
    assert.deepEqual([b2b.name, b2b.requiresLogin], ['Wholesale', false]);
    await admin.client.post('/admin/store-versions/b2b', { name: 'Wholesale', requiresLogin: 'true' });
    assert.equal((await versions()).find((v) => v.id === 'b2b')!.requiresLogin, true);
  });

  test('bad input is shown beside its field and changes nothing', async () => {
    const before = await versions();
    const cases: [string, Record<string, string>, string, string][] = [
      ['/admin/store-versions', { id: '', name: 'X' }, 'id', 'Give an ID'],
      [
        '/admin/store-versions',
        { id: 'fi', name: 'Again' },
        'id',
        'A store version with this ID already exists',
      ],
      ['/admin/store-versions', { id: 'x'.repeat(101), name: 'X' }, 'id', 'At most 100 characters'],
      ['/admin/store-versions', { id: 'new', name: '  ' }, 'name', 'Give a name'],
      ['/admin/store-versions/fi', { name: '' }, 'name', 'Give a name'],
      ['/admin/store-versions/fi', { name: 'y'.repeat(101) }, 'name', 'At most 100 characters'],
    ];
    for (const [url, form, field, message] of cases) {
      const refused = await admin.client.post(url, form);
      assert.equal(refused.status, 422, `${url} ${JSON.stringify(form)}`);
      assert.match(refused.text, new RegExp(`data-error-for="${field}">${message}<`), `${url} ${field}`);
      assert.match(refused.text, /class="flash error" role="alert">Nothing was saved/);
    }
    assert.equal(
      fieldError((await admin.client.post('/admin/store-versions', { id: '' })).text, 'id'),
      'Give an ID',
    );
    assert.deepEqual(await versions(), before);
  });

  test('a version showing the program cannot start requiring login', async () => {
    await createProgram(admin.ctx, 'versions', { storeVersionIds: ['fi'] });
    const page = await admin.client.get('/admin/store-versions');
    assert.match(page.text, /<tr data-version="fi">[\s\S]*?<span class="badge ok">Shown<\/span>/);
    const refused = await admin.client.post('/admin/store-versions/fi', {
      name: 'Verkkokauppa',
      requiresLogin: 'true',
    });
    assert.equal(refused.status, 422);
    assert.match(
      refused.text,
      /data-error-for="requiresLogin">The program is shown in this version: hide it there first</,
    );
    assert.equal((await versions()).find((v) => v.id === 'fi')!.requiresLogin, false);
  });

  test('another shop’s version cannot be changed, nor one that does not exist', async () => {
    await newShop(admin.ctx, 'third', [{ id: 'only-third', name: 'Secret', requiresLogin: false }]);
    const answer = await admin.client.post('/admin/store-versions/only-third', { name: 'Stolen' });
    assert.equal(answer.status, 404);
    const third = await listStoreVersions(admin.ctx, 'third');
    assert.equal(third[0]!.name, 'Secret');
    assert.equal(
      (await versions()).some((v) => v.id === 'only-third'),
      false,
    );
  });

  test('forms without the CSRF token are refused and change nothing', async () => {
    const before = await versions();
    for (const token of [null, 'forged']) {
      assert.equal(
        (await admin.client.post('/admin/store-versions', { id: 'forged', name: 'F' }, token)).status,
        403,
      );
      assert.equal(
        (await admin.client.post('/admin/store-versions/fi', { name: 'Forged' }, token)).status,
        403,
      );
    }
    assert.deepEqual(await versions(), before);
  });
});
