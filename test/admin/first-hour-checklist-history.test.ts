import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { importPath, movingShop, sample } from '../import/support.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { signedInAdmin } from './support/admin-client.ts';

/** The steps of the checklist that are ticked, in order. */
const ticked = (html: string) =>
  [...html.matchAll(/<li class="step done" data-step="([a-z-]+)">/g)].map((m) => m[1]);
const FI = { 'accept-language': 'fi-FI,fi;q=0.9' };

/**
 * The checklist's "load your order history" step leads to the admin's Import page (the upload the
 * merchant does without a developer) and is ticked once a file of orders has been imported: not
 * by a file only checked, nor by customers or members alone.
 */
describe('getting-started checklist: the order history step', () => {
  const admin = suiteFixture(() => signedInAdmin('mover', ({ ctx }) => movingShop(ctx, 'mover')));
  const steps = async () => ticked((await admin.client.get('/admin/program')).text);

  test('links the Import page, in English and in Finnish', async () => {
    const en = await admin.client.get('/admin/program');
    assert.match(en.text, /<li class="step" data-step="history">/);
    assert.match(en.text, /<a href="\/admin\/import">Load your order history<\/a>/);
    assert.match(en.text, /as CSV files on the Import page/);
    const fi = await admin.client.get('/admin/program', FI);
    assert.match(fi.text, /<a href="\/admin\/import">Tuo tilaushistoria<\/a>/);
    assert.match(fi.text, /CSV-tiedostoina Tuonti-sivulla/);
    assert.doesNotMatch(fi.text, /on tulossa/, 'the upload is no longer promised for later');
  });

  test('is ticked once a file of orders is imported, not before', async () => {
    await importPath(admin.ctx, 'mover', 'customers', sample('customers.csv'));
    await importPath(admin.ctx, 'mover', 'members', sample('members.csv'));
    assert.deepEqual(await steps(), ['versions'], 'customers and members are not the order history');
    const checked = await importPath(admin.ctx, 'mover', 'orders', sample('orders.csv'), { checkOnly: true });
    assert.equal(checked.status, 'checked');
    assert.deepEqual(await steps(), ['versions'], 'a file only checked wrote nothing');
    const imported = await importPath(admin.ctx, 'mover', 'orders', sample('orders.csv'));
    assert.equal(imported.status, 'imported');
    assert.deepEqual(await steps(), ['versions', 'history']);
  });
});
