import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { adminRoutes } from '../../src/admin/index.ts';
import { adjustPoints } from '../../src/app/ledger/adjust-points.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import { loadProgram } from '../../src/app/program/load-program.ts';
import type { TestApp } from '../support/database.ts';
import { balanceOf, insertCode, newCustomer, oneLineOrder, publishedShop } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { AdminClient, signedInAdmin, signedInClient } from './support/admin-client.ts';
import { programSettingsForm } from './support/program-settings-form.ts';

const EVIL = '<script>alert("x")</script>';
const EVIL_IMG = '<img src=x onerror=alert(1)>';
const MAIL_KEY = 'monthly:2026-06:only-a';

/** A path for every route: parameters filled with shop A's ids. */
function concrete(url: string): string {
  return url
    .replace(':customerId', 'only-a')
    .replace(':versionId', 'fi')
    .replace(':key', encodeURIComponent(MAIL_KEY));
}

/** Shops A and B; A's member Sally with points, an order, a code and a queued letter, her name and reason carrying markup. */
async function secretsOfShopA({ ctx, clock }: TestApp) {
  await publishedShop(ctx, 'shop-a');
  await publishedShop(ctx, 'shop-b');
  const name = `Secret Sally ${EVIL}`;
  await newCustomer(ctx, 'shop-a', 'only-a', { email: 'sally@a.example', name });
  await joinProgram(ctx, { shopId: 'shop-a', customerId: 'only-a', source: 'registration' });
  await adjustPoints(ctx, {
    shopId: 'shop-a',
    customerId: 'only-a',
    points: 120,
    reason: `Goodwill ${EVIL_IMG}`,
    author: 'test',
  });
  await placeOrder(ctx, oneLineOrder('shop-a', 'order-a1', 'only-a', clock.now(), 1000));
  await insertCode(ctx, {
    shopId: 'shop-a',
    code: 'ABCD-EFGH',
    customerId: 'only-a',
    period: '2026-06',
    valueCents: 500,
    points: 100,
    issuedAt: new Date('2026-06-01T00:00:00Z'),
    expiresAt: new Date('2026-09-01T00:00:00Z'),
  });
  await ctx.db
    .insertInto('mail_outbox')
    .values({
      shop_id: 'shop-a',
      message_key: MAIL_KEY,
      message_id: 'm-only-a',
      kind: 'monthly',
      customer_id: 'only-a',
      recipient: 'sally@a.example',
      payload: JSON.stringify({
        period: '2026-06',
        name,
        balance: 20,
        codes: [{ code: 'ABCD-EFGH', valueCents: 500, expiresAt: '2026-09-01T00:00:00.000Z' }],
      }),
      next_attempt_at: clock.now(),
      created_at: clock.now(),
    })
    .execute();
}

describe('admin security', () => {
  // Signed in to shop A as its owner: `a`; `b` is shop B's owner.
  const admin = suiteFixture(() => signedInAdmin('shop-a', secretsOfShopA));
  const routes: { method: string; url: string }[] = [];
  let a: AdminClient;
  let b: AdminClient;

  before(async () => {
    routes.push(...adminRoutes(admin.server));
    a = admin.client;
    b = await signedInClient(admin.server, admin.ctx, 'shop-b');
  });

  const publicRoute = (url: string) =>
    url === '/admin' || url === '/admin/' || url === '/admin/login' || url.startsWith('/admin/assets');

  test('the admin has the pages and actions it should', () => {
    const urls = new Set(routes.map((r) => `${r.method} ${r.url}`));
    assert.ok(
      routes.filter((r) => !publicRoute(r.url)).length >= 17,
      'every protected route is checked below',
    );
    for (const expected of [
      'GET /admin/program',
      'POST /admin/program/settings',
      'POST /admin/program/publish',
      'POST /admin/members/:customerId/adjust',
      'GET /admin/orders.csv',
      'GET /admin/codes',
      'GET /admin/mail',
    ]) {
      assert.ok(urls.has(expected), expected);
    }
  });

  test('every page and action refuses a signed-out user', async () => {
    const anonymous = new AdminClient(admin.server);
    for (const route of routes.filter((r) => !publicRoute(r.url))) {
      const url = concrete(route.url);
      const answer =
        route.method === 'GET'
          ? await anonymous.get(url)
          : await anonymous.post(url, { reason: 'x', points: '5' }, 'forged');
      if (route.method === 'GET') {
        assert.equal(answer.status, 303, `GET ${url}`);
        assert.match(answer.location ?? '', /^\/admin\/login\?next=/, `GET ${url}`);
      } else {
        assert.equal(answer.status, 401, `POST ${url}`);
      }
      assert.doesNotMatch(answer.text, /Secret Sally/);
    }
    const json = await anonymous.get('/admin/program/dashboard.json', { accept: 'application/json' });
    assert.equal(json.status, 401);
    assert.equal(json.json.code, 'not_signed_in');
  });

  test('a user of another shop never sees or changes this shop’s data', async () => {
    for (const route of routes.filter((r) => !publicRoute(r.url) && r.method === 'GET')) {
      const answer = await b.get(concrete(route.url));
      assert.doesNotMatch(
        answer.text,
        /Secret Sally|sally@a\.example|ABCD-EFGH|order-a1/,
        `GET ${route.url} as shop B`,
      );
    }
    assert.equal((await b.get('/admin/members/only-a')).status, 404);
    const adjust = await b.post('/admin/members/only-a/adjust', { points: '1000', reason: 'steal' });
    assert.equal(adjust.status, 404);
    assert.equal(await balanceOf(admin.ctx, 'shop-a', 'only-a'), 120);
    // Shop A's cookie shop with shop B's token finds no session.
    const forged = new AdminClient(admin.server);
    const bToken = b.cookies.get('loyalty_admin')!.split('.').at(-1)!;
    forged.cookies.set('loyalty_admin', `shop-a.${bToken}`);
    const answer = await forged.get('/admin/members/only-a');
    assert.equal(answer.status, 303);
    assert.match(answer.location!, /\/admin\/login/);
  });

  test('forms without a valid CSRF token are refused and change nothing', async () => {
    for (const route of routes.filter((r) => !publicRoute(r.url) && r.method === 'POST')) {
      const url = concrete(route.url);
      for (const token of [null, 'not-the-token', b.csrf]) {
        const answer = await a.post(
          url,
          { points: '50', reason: 'forged', name: 'Forged', visible: 'false', language: 'en' },
          token,
        );
        assert.equal(answer.status, 403, `POST ${url} with token ${token}`);
      }
    }
    assert.equal(await balanceOf(admin.ctx, 'shop-a', 'only-a'), 120);
    const program = await loadProgram(admin.ctx.db, 'shop-a');
    assert.deepEqual(program.settings.storeVersionIds, ['fi', 'en']);
    assert.notEqual(program.settings.name, 'Forged');
    assert.equal((await a.get('/admin/program')).status, 200, 'still signed in');
    // The sign-in form has its own token, tied to a cookie.
    const fresh = new AdminClient(admin.server);
    const refused = await fresh.post(
      '/admin/login',
      { shop: 'shop-a', email: 'owner@shop-a.example', password: 'correct horse battery' },
      'guess',
    );
    assert.equal(refused.status, 403);
    assert.equal(fresh.cookies.has('loyalty_admin'), false);
  });

  test('merchant-entered and shopper-entered text is escaped on every page', async () => {
    const settings = await a.get('/admin/program/settings');
    const form = programSettingsForm({
      name: `Club ${EVIL}`,
      storeVersionIds: ['fi', 'en'],
      joinPoints: '10',
      reviewPoints: '5',
      introPage: `# {LoyaltyProgramName}\n${EVIL}`,
      termsPage: `Terms ${EVIL_IMG}`,
    });
    assert.equal(settings.status, 200);
    assert.equal((await a.post('/admin/program/settings', form)).status, 303);
    const pages = [
      `/admin/mail/${encodeURIComponent(MAIL_KEY)}`,
      '/admin/program',
      '/admin/program/settings',
      '/admin/members',
      '/admin/members?q=Sally',
      '/admin/members/only-a',
      '/admin/codes',
      '/admin/orders',
    ];
    for (const url of pages) {
      const page = await a.get(url);
      assert.equal(page.status, 200, url);
      assert.doesNotMatch(page.text, /<script>alert|<img src=x/, url);
      assert.match(page.text, /&lt;script&gt;alert|&lt;img src=x/, `${url} shows the text, escaped`);
    }
    const estimate = await a.request('POST', '/admin/program/estimate', {
      form,
      headers: { 'x-csrf-token': a.csrf, accept: 'application/json' },
    });
    assert.equal(estimate.status, 200);
    assert.doesNotMatch(estimate.json.previews.intro + estimate.json.previews.terms, /<script>|<img src/);
    assert.match(estimate.json.previews.intro, /&lt;script&gt;/);
    const csv = await a.get('/admin/orders.csv');
    assert.match(csv.text, /order-a1/);
    const head = await a.get('/admin/program');
    assert.match(String(head.headers['content-security-policy']), /script-src 'self'/);
    assert.equal(head.headers['x-frame-options'], 'DENY');
  });
});
