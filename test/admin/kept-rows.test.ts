import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { setAdminPassword } from '../../src/app/admin-users/users.ts';
import { upsertCustomer } from '../../src/app/customers/upsert-customer.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import {
  createProgram,
  publishProgram,
  setVersionVisibility,
  updateSettings,
} from '../../src/app/program/manage-program.ts';
import { DASHBOARD_FRESH_MS } from '../../src/app/reports/dashboard.ts';
import { putStoreVersion } from '../../src/app/store-versions/put-store-version.ts';
import { tableStamp } from '../../src/db/connect.ts';
import { ENGLISH_WEB_SHOP, FINNISH_WEB_SHOP, newShop } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { signedInAdmin, signedInClient } from './support/admin-client.ts';

const HOUR = 3_600_000;
const newMembers = (html: string) =>
  /data-figure="new-members"><div class="label">[^<]*<\/div><div class="value">([^<]*)</.exec(html)?.[1];

/**
 * On the embedded database the admin keeps the session, the program and the store versions
 * between requests, and shares the dashboard for a few seconds: every change must still show
 * on the next page load. (On PostgreSQL nothing is kept; the same tests pass there.)
 */
describe('admin pages show every change on the next load, though rows are kept between requests', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('kept', async ({ ctx }) => {
      await newShop(ctx, 'kept', [FINNISH_WEB_SHOP, ENGLISH_WEB_SHOP]);
      await createProgram(ctx, 'kept', { name: 'First name', storeVersionIds: ['fi'] });
    }),
  );

  test('settings changed elsewhere (the API, another page) show on the next load', async () => {
    assert.match((await admin.client.get('/admin/program')).text, /First name/);
    assert.match((await admin.client.get('/admin/program')).text, /First name/, 'read twice: now kept');
    await updateSettings(admin.ctx, 'kept', { name: 'Second name' });
    const page = await admin.client.get('/admin/program');
    assert.match(page.text, /Second name/);
    assert.doesNotMatch(page.text, /First name/);
    assert.match((await admin.client.get('/admin/program/settings')).text, /value="Second name"/);
  });

  test('store versions created, renamed, shown and hidden show on the next load', async () => {
    await admin.client.get('/admin/program');
    await putStoreVersion(admin.ctx, 'kept', { id: 'se', name: 'Webbutik', requiresLogin: false });
    let page = await admin.client.get('/admin/program');
    assert.match(page.text, /data-version="se"><span>Webbutik/);
    await putStoreVersion(admin.ctx, 'kept', { id: 'se', name: 'Nätbutik', requiresLogin: false });
    page = await admin.client.get('/admin/program');
    assert.match(page.text, /data-version="se"><span>Nätbutik/);
    const shownIn = (html: string, id: string) =>
      new RegExp(`data-version="${id}">[\\s\\S]*?<span class="badge ok">`).test(
        html.slice(
          html.indexOf(`data-version="${id}"`),
          html.indexOf('</li>', html.indexOf(`data-version="${id}"`)),
        ),
      );
    assert.equal(shownIn(page.text, 'se'), false);
    await setVersionVisibility(admin.ctx, 'kept', 'se', true);
    assert.equal(shownIn((await admin.client.get('/admin/program')).text, 'se'), true);
    await setVersionVisibility(admin.ctx, 'kept', 'se', false);
    assert.equal(shownIn((await admin.client.get('/admin/program')).text, 'se'), false);
  });

  test('publishing shows on the next load, with the dashboard', async () => {
    const draft = await admin.client.get('/admin/program');
    assert.match(draft.text, /id="start-program"/);
    assert.doesNotMatch(draft.text, /id="dashboard"/);
    await publishProgram(admin.ctx, 'kept');
    const published = await admin.client.get('/admin/program');
    assert.doesNotMatch(published.text, /id="start-program"/);
    assert.match(published.text, /id="dashboard"/);
  });

  test('the shared dashboard shows new members once its figures are DASHBOARD_FRESH_MS old, in each language its own', async () => {
    const range = '?from=2026-06-01&to=2026-06-30';
    const en = await admin.client.get(`/admin/program${range}`);
    const fi = await admin.client.get(`/admin/program${range}`, { 'accept-language': 'fi' });
    assert.equal(newMembers(en.text), '0');
    assert.match(en.text, /New members/);
    assert.match(fi.text, /lang="fi"/);
    assert.doesNotMatch(fi.text, /New members/, 'the Finnish page does not get the English dashboard');
    await upsertCustomer(admin.ctx, { shopId: 'kept', customerId: 'k1', registeredAt: admin.clock.now() });
    await joinProgram(admin.ctx, { shopId: 'kept', customerId: 'k1', source: 'pos' });
    assert.equal(
      newMembers((await admin.client.get(`/admin/program${range}`)).text),
      '0',
      'shared for a few seconds',
    );
    admin.clock.advance(DASHBOARD_FRESH_MS);
    assert.equal(newMembers((await admin.client.get(`/admin/program${range}`)).text), '1');
    const json = await admin.client.get(`/admin/program/dashboard.json${range}`, {
      accept: 'application/json',
    });
    assert.equal(
      (json.json as { charts: { newMembers: number[] } }).charts.newMembers.reduce((a, b) => a + b),
      1,
    );
    assert.match((json.json as { updatedAt: string }).updatedAt, /\d/);
  });

  test('an invalid range in the query falls back to the last 30 days, every time it is asked', async () => {
    for (let i = 0; i < 2; i++) {
      const page = await admin.client.get('/admin/program?from=2026-02-30&to=2026-06-01');
      assert.equal(page.status, 200);
      assert.match(page.text, /dashboard\.json\?from=2026-05-17&amp;to=2026-06-15/);
    }
  });

  test('signing out and a new password end sessions at once', async () => {
    const other = await signedInClient(admin.server, admin.ctx, 'kept', 'second@kept.example');
    assert.equal((await other.get('/admin/program')).status, 200);
    assert.equal((await admin.client.get('/admin/program')).status, 200);
    await setAdminPassword(admin.ctx, {
      shopId: 'kept',
      email: 'second@kept.example',
      password: 'another long one',
    });
    const refused = await other.get('/admin/program');
    assert.equal(refused.status, 303);
    assert.match(refused.location ?? '', /^\/admin\/login/);
    assert.equal((await admin.client.get('/admin/program')).status, 200, 'the other user stays signed in');
    const out = await admin.client.post('/admin/logout', {});
    assert.equal(out.status, 303);
    admin.client.cookies.clear();
    admin.client = await signedInClient(admin.server, admin.ctx, 'kept', 'third@kept.example');
  });

  test('a session is extended past half its life and ends when it runs out, as before', async () => {
    const user = await signedInClient(admin.server, admin.ctx, 'kept', 'fourth@kept.example');
    const expiry = async () =>
      (
        await sql<{ expires_at: Date }>`select max(s.expires_at) as expires_at from admin_sessions s
          join admin_users u on u.shop_id = s.shop_id and u.id = s.user_id
          where u.email = 'fourth@kept.example'`.execute(admin.ctx.db)
      ).rows[0]!.expires_at;
    const signedInUntil = (await expiry()).getTime();
    admin.clock.advance(5 * HOUR);
    assert.equal((await user.get('/admin/program')).status, 200);
    assert.equal((await expiry()).getTime(), signedInUntil, 'not extended before half its life');
    admin.clock.advance(2 * HOUR);
    assert.equal((await user.get('/admin/program')).status, 200);
    assert.equal((await expiry()).getTime(), admin.clock.now().getTime() + 12 * HOUR, 'extended');
    admin.clock.advance(11 * HOUR);
    assert.equal((await user.get('/admin/program')).status, 200, 'the extension holds');
    admin.clock.advance(13 * HOUR);
    assert.equal((await user.get('/admin/program')).status, 303, 'run out');
  });

  test('the embedded database stamps each table until a statement may have written it; PostgreSQL has none', async () => {
    const db = admin.ctx.db;
    if (admin.database.url) {
      // Other processes write to PostgreSQL unseen, so nothing may be kept there.
      assert.equal(tableStamp(db, ['programs']), undefined);
      return;
    }
    const stamp = () => tableStamp(db, ['programs'])!;
    const before = stamp();
    await sql`select * from programs where shop_id = ${'kept'} for update`.execute(db);
    await sql`with p as (select shop_id from programs) select count(*) from p`.execute(db);
    await sql`update store_versions set name = name where shop_id = ${'kept'} and id = ${'se'}`.execute(db);
    await sql`insert into shops (id, name, created_at) values (${'other'}, ${'Other'}, ${admin.clock.now()})`.execute(
      db,
    );
    assert.equal(stamp(), before, 'reads, row locks and writes of other tables leave it');
    assert.notEqual(tableStamp(db, ['store_versions']), before);
    await sql`update "programs" set updated_at = updated_at where shop_id = ${'kept'}`.execute(db);
    const updated = stamp();
    assert.notEqual(updated, before);
    await sql`delete from shops where id = ${'other'}`.execute(db);
    assert.notEqual(stamp(), updated, 'a delete may cascade: it counts for every table');
    const deleted = stamp();
    await sql`with gone as (delete from admin_sessions where false returning 1) select count(*) from gone`.execute(
      db,
    );
    assert.notEqual(stamp(), deleted, 'a data-modifying WITH counts for every table');
  });
});
