import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createAdminUser } from '../../src/app/admin-users/users.ts';
import { PASSWORD } from '../admin/support/admin-client.ts';
import { screenshot, serveToBrowser, signInInBrowser, watchedPage } from '../support/browser.ts';
import { publishedShop } from '../support/fixtures.ts';
import { browserRequirement } from '../support/requirements.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { signToken } from './shopper-harness.ts';

const CHROMIUM = browserRequirement();
const EMAIL = 'owner@kauppa.example';

/**
 * A Finnish merchant makes a storefront secret and lists the shop's origin in Chromium; a page of
 * that origin (localhost, another origin than the service's 127.0.0.1) then reads a customer's
 * membership with a token signed with that secret, which the browser refused before the origin
 * was listed.
 */
describe('storefront secrets and origins, in a browser', { timeout: 120_000, skip: CHROMIUM.skip }, () => {
  const served = suiteFixture(() =>
    serveToBrowser(CHROMIUM.get(), async ({ ctx }) => {
      await publishedShop(ctx, 'kauppa');
      await createAdminUser(ctx, { shopId: 'kauppa', email: EMAIL, password: PASSWORD, name: null });
    }),
  );
  let admin: Page;
  let shop: Page;
  const problems: string[] = [];
  let secret = { id: '', secret: '' };

  before(async () => {
    admin = await watchedPage(served.browser, problems, { locale: 'fi-FI', timeout: 15_000 });
    await signInInBrowser(admin, served.base, {
      shop: 'kauppa',
      email: EMAIL,
      password: PASSWORD,
      language: 'fi',
    });
    shop = await watchedPage(served.browser, problems, {
      label: 'shop page',
      timeout: 15_000,
      // The refused request of the first test: Chromium reports the blocked answer on the console.
      expected: /CORS|Failed to load resource|ERR_FAILED/,
    });
  });

  /** What a page at http://localhost:<port> gets from the shopper route with this token. */
  const fromShopPage = (token: string) =>
    shop.evaluate(
      async ([url, bearer]) => {
        try {
          const answer = await fetch(url!, { headers: { authorization: `Bearer ${bearer}` } });
          return {
            status: answer.status,
            body: (await answer.json()) as { visible: boolean; member: boolean },
          };
        } catch (error) {
          return { refused: String(error) };
        }
      },
      [`${served.base}/v1/shopper/shops/kauppa/me`, token],
    );

  test('a secret is made on the API keys page and shown once, with a copy button', async () => {
    await admin.getByRole('link', { name: 'API-avaimet' }).click();
    const section = admin.locator('#storefront-secrets');
    await section.locator('#secret-name').fill('Verkkokauppa');
    await section.getByRole('button', { name: 'Luo salainen avain' }).click();
    await admin.locator('#new-secret').waitFor();
    secret = {
      id: await admin.locator('#new-secret-id').inputValue(),
      secret: await admin.locator('#new-secret').inputValue(),
    };
    assert.match(secret.id, /^ss_[0-9a-f]{16}$/);
    assert.match(secret.secret, /^lss_/);
    assert.ok(
      await section.getByRole('button', { name: 'Kopioi' }).isVisible(),
      'the script shows the copy button',
    );
    await screenshot(admin, 'storefront-secret-created');
  });

  test('a page of an origin the shop has not listed cannot read the answer; once listed, it can', async () => {
    const localhost = served.base.replace('127.0.0.1', 'localhost');
    await shop.goto(`${localhost}/health`);
    const token = await signToken(served.clock.now(), { shop: 'kauppa', sub: 'c1' }, secret);
    const refused = await fromShopPage(token);
    assert.ok('refused' in refused, JSON.stringify(refused));

    await admin.getByRole('link', { name: 'Kauppaversiot' }).click();
    await admin.locator('#origins').fill(localhost);
    await admin.getByRole('button', { name: 'Tallenna osoitteet' }).click();
    await admin.getByText('Verkkokaupan osoitteet tallennettiin.').waitFor();
    await screenshot(admin, 'storefront-origins-saved');

    // The service remembers a shop's origins for 10 seconds of its clock.
    served.clock.advance(11_000);
    const allowed = await fromShopPage(
      await signToken(served.clock.now(), { shop: 'kauppa', sub: 'c1' }, secret),
    );
    assert.ok('status' in allowed, JSON.stringify(allowed));
    assert.equal(allowed.status, 200);
    assert.deepEqual([allowed.body.visible, allowed.body.member], [true, false]);
    assert.deepEqual(problems, []);
  });
});
