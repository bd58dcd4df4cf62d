import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { AppContext } from '../../src/app/context.ts';
import { adjustPoints } from '../../src/app/ledger/adjust-points.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { createProgram } from '../../src/app/program/manage-program.ts';
import { createStorefrontSecret } from '../../src/app/shopper/storefront-secrets.ts';
import { putStoreVersion } from '../../src/app/store-versions/put-store-version.ts';
import { signToken } from '../shopper/shopper-harness.ts';
import { watchedPage } from '../support/browser.ts';
import { balanceOf, FINNISH_WEB_SHOP, insertCode, newShop, publishedShop } from '../support/fixtures.ts';
import { browserRequirement } from '../support/requirements.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { readQr, seriousViolations, servedWithShopSite, shopperRequests, shot } from './components-page.ts';

const CHROMIUM = browserRequirement();
type Secret = { id: string; secret: string };

/** kauppa (Finnish program, join points 10) and outdoor (English) each with member c1 at 1 234 points and a code. */
async function setUp(ctx: AppContext, secrets: Map<string, Secret>): Promise<void> {
  await publishedShop(ctx, 'kauppa', { joinPoints: 10 });
  await publishedShop(ctx, 'outdoor', { joinPoints: 10, language: 'en' });
  // A store version the program is not selected in (hidden there).
  await putStoreVersion(ctx, 'kauppa', { id: 'piilo', name: 'Piilo', requiresLogin: false });
  await newShop(ctx, 'luonnos', [FINNISH_WEB_SHOP]);
  await createProgram(ctx, 'luonnos', { storeVersionIds: ['fi'] });
  for (const shopId of ['kauppa', 'outdoor']) {
    await joinProgram(ctx, { shopId, customerId: 'c1', source: 'registration' });
    for (const points of [1000, 200, 20, 4])
      await adjustPoints(ctx, { shopId, customerId: 'c1', points, reason: 'Test', author: 'test' });
    await insertCode(ctx, {
      shopId,
      code: 'KANTA-7Q2M',
      customerId: 'c1',
      valueCents: 1000,
      expiresAt: new Date('2027-02-28T22:00:00Z'),
    });
  }
  for (const shopId of ['kauppa', 'outdoor', 'luonnos'])
    secrets.set(shopId, await createStorefrontSecret(ctx, { shopId, name: 'Web shop' }));
}

const JACKET = {
  productId: 'jacket',
  category: 'clothes',
  quantity: 1,
  unitPriceCents: 7990,
  lineDiscountCents: 1000,
};
const GIFT_CARD = { productId: 'gift-card', quantity: 1, unitPriceCents: 2000, giftCard: true };

/**
 * The storefront elements on a web shop's own pages (another origin, listed by the shop), loaded
 * from the service's script, in Chromium: points on a product page and in the cart, the join
 * choice in a registration form, My Account in Finnish and English; nothing at all where the
 * program does not show.
 */
describe('storefront elements in a browser', { timeout: 240_000, skip: CHROMIUM.skip }, () => {
  const secrets = new Map<string, Secret>();
  const served = suiteFixture(() =>
    servedWithShopSite(CHROMIUM.get(), ['kauppa', 'outdoor', 'luonnos'], ({ ctx }) => setUp(ctx, secrets)),
  );
  const problems: string[] = [];

  const token = (shop: string, sub: string, storeVersion: string) =>
    signToken(served.clock.now(), { shop, sub, storeVersion }, secrets.get(shop)!);

  async function open(path: string, body: string, language: 'fi' | 'en' = 'fi', head = '') {
    const page = await watchedPage(served.browser, problems, {
      locale: language === 'fi' ? 'fi-FI' : 'en-GB',
      timezoneId: 'Europe/Helsinki',
      permissions: ['clipboard-read', 'clipboard-write'],
      timeout: 20_000,
      label: path,
    });
    const requests = shopperRequests(page, served.base);
    await page.goto(served.site.put(path, served.base, body, head));
    return { page, requests };
  }

  const points = (page: Page, element: string) => page.locator(element).getByRole('status');

  test('a product page shows the points of the price and quantity, the cart follows its changes, with one program request', async () => {
    const { page, requests } = await open(
      '/tuote',
      `<loyalty-product-points shop="kauppa" store-version="fi" price-cents="7990" product-id="jacket" category="clothes"></loyalty-product-points>
<p><loyalty-intro-link shop="kauppa" store-version="fi"></loyalty-intro-link></p>
<h2>Ostoskori</h2>
<loyalty-cart-points shop="kauppa" store-version="fi" lines='${JSON.stringify([JACKET])}'></loyalty-cart-points>`,
    );
    await points(page, 'loyalty-product-points').filter({ hasText: 'Ansaitse 79 pistettä' }).waitFor();
    await points(page, 'loyalty-cart-points')
      .filter({ hasText: 'Tästä ostoskorista saat 69 pistettä' })
      .waitFor();
    const link = page.getByRole('link', { name: 'Tutustu kanta-asiakasohjelmaan' });
    assert.equal(await link.getAttribute('href'), `${served.base}/shops/kauppa/loyalty`);

    await page.locator('loyalty-product-points').evaluate((e) => e.setAttribute('quantity', '2'));
    await points(page, 'loyalty-product-points').filter({ hasText: 'Ansaitse 159 pistettä' }).waitFor();
    // The SPEC's example cart: 79.90 less 10.00 on the line and 10.00 on the order, a gift card: 59 points.
    await page.evaluate(
      `document.dispatchEvent(new CustomEvent('loyalty:cart', { detail: ${JSON.stringify({ lines: [JACKET, GIFT_CARD], orderDiscountCents: 1000 })} }))`,
    );
    await points(page, 'loyalty-cart-points')
      .filter({ hasText: 'Tästä ostoskorista saat 59 pistettä' })
      .waitFor();
    await page
      .locator('loyalty-cart-points')
      .evaluate((e, lines) => e.setAttribute('lines', lines), JSON.stringify([{ ...JACKET, quantity: 2 }]));
    await points(page, 'loyalty-cart-points').filter({ hasText: 'saat 149 pistettä' }).waitFor();
    await shot(page, 'product-and-cart-fi');
    assert.equal(requests.filter((url) => url.endsWith('/program')).length, 1, requests.join('\n'));
    assert.deepEqual(await seriousViolations(page), []);
  });

  test('the join choice is a form control of the registration form, with the program name and the terms', async () => {
    const { page } = await open(
      '/rekisteroidy',
      `<form action="/registered"><p><label>Sähköposti <input name="email" value="a@b.fi"></label></p>
<loyalty-join-choice shop="kauppa" store-version="fi"></loyalty-join-choice><button>Rekisteröidy</button></form>`,
    );
    const choice = page.getByLabel('Liity kanta-asiakasohjelmaan (Loyalty program)');
    await choice.waitFor();
    assert.ok(await page.getByText('Liittyessäsi saat 10 pistettä.').isVisible());
    assert.equal(
      await page.getByRole('link', { name: 'Ohjelman ehdot' }).getAttribute('href'),
      `${served.base}/shops/kauppa/loyalty/terms`,
    );
    assert.deepEqual(await seriousViolations(page), []);
    await choice.focus();
    await page.keyboard.press('Space');
    assert.ok(await choice.isChecked());
    await shot(page, 'join-choice-fi');
    await page.getByRole('button', { name: 'Rekisteröidy' }).click();
    await page.waitForURL(/\/registered/);
    assert.match(await page.locator('#sent').innerText(), /email=a%40b\.fi&loyalty_join=yes/);
  });

  test('My Account shows a member the balance, codes, history and QR code in Finnish formats', async () => {
    const { page } = await open(
      '/oma-tili',
      '<loyalty-account page-size="3"></loyalty-account>',
      'fi',
      `<meta name="loyalty-token" content="${await token('kauppa', 'c1', 'fi')}">`,
    );
    const panel = page.locator('loyalty-account');
    await panel.getByText(/Pistesaldo: 1\s234 pistettä/).waitFor();
    const code = panel.getByRole('listitem').filter({ hasText: 'KANTA-7Q2M' });
    assert.match(await code.innerText(), /KANTA-7Q2M\s+10,00\s€\s+voimassa 28\.2\.2027 asti/);
    const rows = panel.getByRole('table', { name: 'Pistehistoria' }).locator('tbody tr');
    assert.equal(await rows.count(), 3);
    assert.match(await rows.first().innerText(), /15\.6\.2026\s+Korjaus\s+\+4/);
    await panel.getByRole('button', { name: 'Näytä lisää' }).click();
    await rows.nth(4).waitFor();
    assert.match(await rows.nth(4).innerText(), /Liittyminen\s+\+10/);
    assert.equal(await panel.getByRole('button', { name: 'Näytä lisää' }).isVisible(), false);

    const qr = panel.locator('svg[role=img]');
    const label = (await qr.getAttribute('aria-label')) ?? '';
    assert.match(label, /^Jäsenkoodi kassalle: LOYALTY-\d+$/);
    const drawn = (await qr.locator('path').getAttribute('d')) ?? '';
    assert.equal(readQr(drawn, (await qr.getAttribute('viewBox')) ?? ''), label.split(': ')[1]);
    assert.match(
      await panel.locator('section').innerText(),
      new RegExp(`Jäsennumero: ${label.split('-')[1]}`),
    );

    await panel.getByRole('button', { name: 'Kopioi KANTA-7Q2M' }).click();
    await panel
      .getByRole('status')
      .filter({ hasText: 'Koodi KANTA-7Q2M kopioitu' })
      .waitFor({ state: 'attached' });
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), 'KANTA-7Q2M');
    await shot(page, 'account-member-fi');
    assert.deepEqual(await seriousViolations(page), []);
  });

  test('a registered non-member joins from My Account and sees the join points', async () => {
    const { page } = await open(
      '/oma-tili-c2',
      `<loyalty-account token="${await token('kauppa', 'c2', 'fi')}"></loyalty-account>`,
      'fi',
      '<style>main { --loyalty-accent: #7a1f00 } loyalty-account::part(join-button) { border-width: 3px }</style>',
    );
    const panel = page.locator('loyalty-account');
    await panel.getByText('Et ole vielä kanta-asiakas.').waitFor();
    // Themed by the page: a custom property on an ancestor and a part.
    const look = await panel.getByRole('button', { name: 'Liity kanta-asiakkaaksi' }).evaluate((button) => {
      const style = (
        globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }
      ).getComputedStyle(button);
      return [style.backgroundColor, style.borderTopWidth];
    });
    assert.deepEqual(look, ['rgb(122, 31, 0)', '3px']);
    assert.deepEqual(await seriousViolations(page), []);
    await shot(page, 'account-non-member-fi');
    await panel.getByRole('button', { name: 'Liity kanta-asiakkaaksi' }).click();
    await panel.getByText('Pistesaldo: 10 pistettä').waitFor();
    await panel
      .getByRole('status')
      .filter({ hasText: 'Olet nyt kanta-asiakas.' })
      .waitFor({ state: 'attached' });
    assert.equal(await balanceOf(served.ctx, 'kauppa', 'c2'), 10);
    await shot(page, 'account-joined-fi');
  });

  test('a program in English shows English words with British formats', async () => {
    const { page } = await open(
      '/en',
      `<loyalty-product-points shop="outdoor" store-version="en" price-cents="7990"></loyalty-product-points>
<loyalty-intro-link shop="outdoor" store-version="en"></loyalty-intro-link>
<loyalty-account token="${await token('outdoor', 'c1', 'en')}"></loyalty-account>`,
      'en',
    );
    await points(page, 'loyalty-product-points').filter({ hasText: 'Earn 79 points' }).waitFor();
    const panel = page.locator('loyalty-account');
    await panel.getByText('Points balance: 1,234 points').waitFor();
    assert.match(
      await panel.getByRole('listitem').first().innerText(),
      /KANTA-7Q2M\s+€10\.00\s+valid until 28 Feb 2027/,
    );
    assert.ok(await page.getByRole('link', { name: 'About the loyalty program' }).isVisible());
    await shot(page, 'account-member-en');
    assert.deepEqual(await seriousViolations(page), []);
  });

  const ALL =
    'loyalty-product-points,loyalty-cart-points,loyalty-join-choice,loyalty-account,loyalty-intro-link';
  for (const where of [
    { name: 'a version the program is hidden in', shop: 'kauppa', version: 'piilo' },
    { name: 'an unpublished program', shop: 'luonnos', version: 'fi' },
    { name: 'a login-required (B2B) version', shop: 'kauppa', version: 'b2b' },
  ]) {
    test(`in ${where.name} nothing shows and nothing is asked beyond the program`, async () => {
      const attributes = `shop="${where.shop}" store-version="${where.version}"`;
      const { page, requests } = await open(
        `/ei-${where.shop}-${where.version}`,
        `<loyalty-product-points ${attributes} price-cents="7990"></loyalty-product-points>
<loyalty-cart-points ${attributes} lines='${JSON.stringify([JACKET])}'></loyalty-cart-points>
<form action="/registered"><input name="email" value="a@b.fi" aria-label="Sähköposti">
<loyalty-join-choice ${attributes}></loyalty-join-choice><button>Rekisteröidy</button></form>
<loyalty-account token="${await token(where.shop, 'c1', where.version)}"></loyalty-account>
<loyalty-intro-link ${attributes}></loyalty-intro-link>`,
      );
      await page.waitForLoadState('networkidle');
      assert.deepEqual(requests, [
        `${served.base}/v1/shopper/shops/${where.shop}/store-versions/${where.version}/program`,
      ]);
      const shown = await page.evaluate(
        `[...document.querySelectorAll('${ALL}')].map((e) => e.shadowRoot.childNodes.length)`,
      );
      assert.deepEqual(shown, [0, 0, 0, 0, 0]);
      await page.getByRole('button', { name: 'Rekisteröidy' }).click();
      await page.waitForURL(/\/registered/);
      assert.equal(await page.locator('#sent').textContent(), '?email=a%40b.fi');
    });
  }

  test('the pages made no script or console errors', () => {
    assert.deepEqual(problems, []);
  });
});
