import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { consentChanges, getMarketingConsent } from '../../src/app/consent/marketing-consent.ts';
import { publishedShopWithMember } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { signedInAdmin } from './support/admin-client.ts';

/** A customer who asks the shop in person: their consent to marketing recorded from the admin. */
describe('admin: a member’s consent to marketing', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('consent', async ({ ctx, clock }) => {
      clock.set('2026-06-15T10:00:00Z');
      await publishedShopWithMember(ctx, 'consent', { language: 'en' });
    }),
  );
  const consentText = async () =>
    /<span id="marketing-consent">([^<]*)<\/span>/.exec(
      (await admin.client.get('/admin/members/c1')).text,
    )?.[1];

  test('recorded and withdrawn on the member’s page, with the source admin and its history', async () => {
    assert.equal(await consentText(), 'Not given');
    const given = await admin.client.post('/admin/members/c1/marketing-consent', { granted: 'true' });
    assert.equal(given.status, 303, given.text.slice(0, 300));
    assert.equal(given.headers.location, '/admin/members/c1?done=consent-granted');
    assert.deepEqual(await getMarketingConsent(admin.ctx, 'consent', 'c1'), {
      granted: true,
      source: 'admin',
      changedAt: new Date('2026-06-15T10:00:00Z'),
    });
    const page = await admin.client.get('/admin/members/c1?done=consent-granted');
    assert.match(page.text, /The consent to marketing was recorded\./);
    assert.match(page.text, /Given on [^<]*2026 \(admin\)/);
    assert.match(
      page.text,
      /<button type="submit" class="button small secondary">Record withdrawal<\/button>/,
    );

    admin.clock.set('2026-06-15T11:00:00Z');
    assert.equal(
      (await admin.client.post('/admin/members/c1/marketing-consent', { granted: 'false' })).status,
      303,
    );
    assert.equal((await getMarketingConsent(admin.ctx, 'consent', 'c1')).granted, false);
    assert.match((await consentText()) ?? '', /^Withdrawn on .*2026 \(admin\)$/);
    const history = await consentChanges(admin.ctx.db, 'consent', 'c1');
    assert.deepEqual(
      history.map((h) => [h.granted, h.source]),
      [
        [true, 'admin'],
        [false, 'admin'],
      ],
    );
  });

  test('an unknown customer is a 404 and records nothing', async () => {
    const answer = await admin.client.post('/admin/members/nobody/marketing-consent', { granted: 'true' });
    assert.equal(answer.status, 404);
  });
});
