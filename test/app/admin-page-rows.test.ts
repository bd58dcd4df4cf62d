import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resolveAdminPage } from '../../src/app/admin-users/page-rows.ts';
import { resolveSession, signIn } from '../../src/app/admin-users/sessions.ts';
import { createAdminUser } from '../../src/app/admin-users/users.ts';
import { findProgram } from '../../src/app/program/load-program.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import { listStoreVersions } from '../../src/app/store-versions/list-store-versions.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { publishedShop } from '../support/fixtures.ts';

const PASSWORD = 'correct horse battery staple';

describe('the rows of an admin page read in one statement', () => {
  let app: TestApp;
  before(async () => {
    app = await testApp('2026-06-15T10:00:00Z');
    await publishedShop(app.ctx, 'shop1');
    await createShop(app.ctx, { id: 'bare', name: 'No program yet', storeVersions: [] });
    for (const shopId of ['shop1', 'bare'])
      await createAdminUser(app.ctx, { shopId, email: 'anna@shop.example', password: PASSWORD });
  });
  after(() => app.close());

  const signedIn = async (shopId: string) => {
    const signed = await signIn(app.ctx, { shopId, email: 'anna@shop.example', password: PASSWORD });
    assert.ok(signed);
    return signed;
  };

  test('are the session, program and store versions the separate reads give', async () => {
    const { token } = await signedIn('shop1');
    const rows = await resolveAdminPage(app.ctx, 'shop1', token);
    assert.ok(rows);
    assert.deepEqual(rows.session, await resolveSession(app.ctx, 'shop1', token));
    assert.deepEqual(rows.program, await findProgram(app.ctx.db, 'shop1'));
    assert.deepEqual(rows.storeVersions, await listStoreVersions(app.ctx, 'shop1'));
    assert.deepEqual(
      rows.storeVersions.map((v) => [v.id, v.selected]),
      [
        ['b2b', false],
        ['en', true],
        ['fi', true],
      ],
    );
  });

  test('of a shop without a program or store versions', async () => {
    const { token } = await signedIn('bare');
    const rows = await resolveAdminPage(app.ctx, 'bare', token);
    assert.equal(rows?.session.shopName, 'No program yet');
    assert.equal(rows?.program, undefined);
    assert.deepEqual(rows?.storeVersions, []);
  });

  test('are none for an unknown token, another shop or an expired session', async () => {
    const { token } = await signedIn('shop1');
    assert.equal(await resolveAdminPage(app.ctx, 'shop1', 'x'.repeat(43)), null);
    assert.equal(await resolveAdminPage(app.ctx, 'bare', token), null);
    app.clock.advance(13 * 3_600_000);
    assert.equal(await resolveAdminPage(app.ctx, 'shop1', token), null);
  });

  test('extend a session past half its life, as resolving it alone does', async () => {
    const { token, session } = await signedIn('shop1');
    app.clock.advance(7 * 3_600_000);
    const rows = await resolveAdminPage(app.ctx, 'shop1', token);
    const extended = app.clock.now().getTime() + 12 * 3_600_000;
    assert.equal(rows?.session.expiresAt.getTime(), extended);
    assert.ok(extended > session.expiresAt.getTime());
    // Stored: 11 hours on, a session never extended would be over.
    app.clock.advance(11 * 3_600_000);
    assert.ok(await resolveAdminPage(app.ctx, 'shop1', token));
  });
});
