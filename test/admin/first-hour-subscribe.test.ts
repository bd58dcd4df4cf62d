import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { billingAccount } from '../../src/app/billing/billing-account.ts';
import { createProgram, publishProgram } from '../../src/app/program/manage-program.ts';
import { FINNISH_WEB_SHOP, newShop } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { PASSWORD, signedInAdmin } from './support/admin-client.ts';

const FI = { 'accept-language': 'fi-FI,fi;q=0.9' };

/**
 * The merchant's manual: try the settings and the estimate for free, subscribe, and billing starts
 * only when the program is first started. Subscribing is the one change the billing page makes.
 */
describe('admin: subscribing from the billing page', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('tilaaja', async ({ ctx, clock }) => {
      clock.set('2026-12-10T08:00:00Z');
      await newShop(ctx, 'tilaaja', [FINNISH_WEB_SHOP]);
    }),
  );

  test('a shop trying the program is offered to subscribe, in Finnish and English', async () => {
    const fi = await admin.client.get('/admin/billing', FI);
    assert.match(fi.text, /Kokeilu \(maksuton\)/);
    assert.match(
      fi.text,
      /<button type="submit" class="button" aria-describedby="subscribe-help">Tilaa kanta-asiakasohjelma<\/button>/,
    );
    assert.match(fi.text, /Tilaaminen on maksutonta/);
    const en = await admin.client.get('/admin/billing');
    assert.match(en.text, /Trying \(free\)/);
    assert.match(en.text, />Subscribe to the loyalty program<\/button>/);
  });

  test('subscribing is free: the state changes, billing has not started, the offer goes', async () => {
    const done = await admin.client.post('/admin/billing/subscribe', {});
    assert.equal(done.status, 303);
    assert.equal(done.location, '/admin/billing?done=subscribed');
    const account = await billingAccount(admin.ctx, 'tilaaja');
    assert.equal(account.state, 'subscribed');
    assert.deepEqual(account.subscribedAt, new Date('2026-12-10T08:00:00Z'));
    assert.equal(account.billingStartedAt, null);
    const page = await admin.client.get(done.location);
    assert.match(
      page.text,
      /role="status">You have subscribed\. Billing starts when you start the loyalty program\.</,
    );
    assert.match(page.text, /Subscribed \(free until the program starts\)/);
    assert.match(page.text, /Billing starts when you start the loyalty program\./);
    assert.doesNotMatch(page.text, /action="\/admin\/billing\/subscribe"/);
    assert.doesNotMatch(
      page.text,
      /id="billing-lines"[^>]*data-status="open"[\s\S]*Monthly fee/,
      'no fee yet',
    );
  });

  test('once the program has started, subscribing again changes nothing', async () => {
    admin.clock.set('2026-12-16T08:00:00Z');
    await createProgram(admin.ctx, 'tilaaja', { storeVersionIds: ['fi'] });
    await publishProgram(admin.ctx, 'tilaaja');
    // The session of the 10th has ended by now: sign in again.
    await admin.client.signIn('tilaaja', 'owner@tilaaja.example', PASSWORD);
    await admin.client.get('/admin/billing');
    const forced = await admin.client.post('/admin/billing/subscribe', {});
    assert.equal(forced.status, 303);
    const account = await billingAccount(admin.ctx, 'tilaaja');
    assert.equal(account.state, 'published');
    assert.deepEqual(account.subscribedAt, new Date('2026-12-10T08:00:00Z'));
    assert.deepEqual(account.billingStartedAt, new Date('2026-12-16T08:00:00Z'));
    const page = await admin.client.get('/admin/billing');
    assert.match(page.text, /Billing runs/);
    assert.doesNotMatch(page.text, /action="\/admin\/billing\/subscribe"/);
  });
});
