import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { chromium, type Page } from 'playwright-core';
import { type DemoShop, startDemoShop } from '../../examples/demo-shop/src/server.ts';
import { createAdminUser } from '../../src/app/admin-users/users.ts';
import { createApiKey } from '../../src/app/api-keys/create-api-key.ts';
import { setStorefrontOrigins } from '../../src/app/shopper/storefront-origins.ts';
import { createStorefrontSecret } from '../../src/app/shopper/storefront-secrets.ts';
import { deliverPendingMail } from '../../src/mail/deliver-pending-mail.ts';
import { smtpTransport } from '../../src/mail/smtp-transport.ts';
import { startSmtpSink } from '../mail/smtp-sink.ts';
import { readQr, seriousViolations } from '../storefront/components-page.ts';
import { screenshot, watchedPage } from '../support/browser.ts';
import { balanceOf, insertCode, publishedShop } from '../support/fixtures.ts';
import { browserRequirement } from '../support/requirements.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { writeQrVideo } from './fake-camera.ts';
import { serviceByCommand } from './service-by-command.ts';

const CHROMIUM = browserRequirement();
const SHOP = 'demo';
const EMAIL = 'maija@example.com';
const CASHIER = 'kassa@demo.example';
const PASSWORD = 'correct horse battery';

/**
 * The demo web shop (examples/demo-shop) and the service, both real, in Chromium: a shopper
 * registers with the join choice, orders, the back office delivers, the points show on My Account
 * and on a product page, a review approved and a unit returned; a loyalty code is used at checkout, refused the second time and in the
 * B2B shop, and restored when the order is cancelled; the month's conversion is run by command
 * (`loyalty run-monthly`); the shop in English shows the elements in English. Screenshots:
 * test-artifacts/demo-shop-*.png.
 */
describe('the demo web shop', { timeout: 300_000, skip: CHROMIUM.skip }, () => {
  let apiKey = '';
  const served = suiteFixture(async () => {
    const service = await serviceByCommand(CHROMIUM.get(), async ({ ctx, clock }) => {
      // Published last month, so this month's conversion may run; then the service keeps the wall
      // clock's time, by which the shop signs its tokens and dates its orders.
      clock.set(new Date(Date.now() - 40 * 86_400_000));
      await publishedShop(ctx, SHOP, { joinPoints: 10, reviewPoints: 5 });
      await createAdminUser(ctx, {
        shopId: SHOP,
        email: CASHIER,
        password: PASSWORD,
        role: 'cashier',
        language: 'fi',
      });
      clock.set(new Date());
    });
    apiKey = (await createApiKey(service.ctx, { shopId: SHOP, name: 'Demo web shop', readOnly: false })).key;
    const secret = await createStorefrontSecret(service.ctx, { shopId: SHOP, name: 'Demo web shop' });
    let shop: DemoShop | undefined;
    try {
      shop = await startDemoShop({
        port: 0,
        loyalty: {
          serviceUrl: service.base,
          shopId: SHOP,
          apiKey,
          secretId: secret.id,
          secret: secret.secret,
        },
      });
      await setStorefrontOrigins(service.ctx, { shopId: SHOP, origins: [shop.url] });
    } catch (error) {
      await service.close();
      throw error;
    }
    const started = shop;
    const closeService = service.close;
    // The same object, not a copy: the command line's step moves its ctx to a reopened database.
    return Object.assign(service, {
      shop: started,
      close: async () => {
        await started.close();
        await closeService();
      },
    });
  });
  const problems: string[] = [];
  let page: Page;
  let customerId = '';

  /** The service's clock follows the wall clock the shop's orders and tokens are dated by. */
  const now = () => served.clock.set(new Date());
  const go = async (path: string) => {
    now();
    await page.goto(`${served.shop.url}${path}`);
  };
  const account = () => page.locator('loyalty-account');
  /** The text of the member code My Account shows, read from its drawing. */
  async function memberCodeOnAccount(): Promise<string> {
    await go('/fi/account');
    const qr = account().locator('svg[role=img]');
    await qr.waitFor();
    return readQr(
      (await qr.locator('path').getAttribute('d')) ?? '',
      (await qr.getAttribute('viewBox')) ?? '',
    );
  }
  /** The cashier signs in on `till` and lands on the till page. */
  async function cashierAtTill(till: Page) {
    await till.goto(`${served.base}/admin/login?shop=${SHOP}&next=%2Fadmin%2Fpos`);
    await till.getByLabel('Sähköposti').fill(CASHIER);
    await till.getByLabel('Salasana').fill(PASSWORD);
    await till.getByRole('button', { name: 'Kirjaudu' }).click();
    await till.waitForURL(/\/admin\/pos$/);
  }
  async function step(name: string, axe = true) {
    await screenshot(page, `demo-shop-${name}`);
    if (axe) assert.deepEqual(await seriousViolations(page), [], name);
  }

  test('register with the join choice, order, delivered in the back office: points on My Account and on a product page', async () => {
    page = await watchedPage(served.browser, problems, {
      locale: 'fi-FI',
      timezoneId: 'Europe/Helsinki',
      timeout: 30_000,
      expected: /409|Conflict/,
    });
    await go('/fi/register');
    await page.getByLabel('Nimi').fill('Maija Meikäläinen');
    await page.getByLabel('Sähköposti').fill(EMAIL);
    await page.getByLabel('Salasana').fill('salasana');
    await page.getByLabel(/Liity kanta-asiakasohjelmaan/).check();
    await step('1-register');
    await page.getByRole('button', { name: 'Rekisteröidy' }).click();
    await account().locator('[part=balance]').filter({ hasText: '10 pistettä' }).waitFor();
    customerId = await memberIdByEmail(EMAIL);
    await step('2-account-joined');

    await go('/fi/products/jacket');
    await page.locator('loyalty-product-points').getByText('Ansaitse 129 pistettä').waitFor();
    await page.getByLabel('Määrä').fill('2');
    await page.locator('loyalty-product-points').getByText('Ansaitse 259 pistettä').waitFor();
    await page.getByLabel('Määrä').fill('1');
    await step('3-product');
    await page.getByRole('button', { name: 'Lisää ostoskoriin' }).click();
    await page.locator('loyalty-cart-points').getByText('Tästä ostoskorista saat 129 pistettä').waitFor();
    await step('4-cart');
    await page.getByRole('button', { name: 'Tilaa' }).click();
    await page.getByText(/Tilaus web-\S+ vastaanotettu/).waitFor();

    await go('/backoffice');
    await page.getByRole('button', { name: /^Toimitettu/ }).click();
    await page.getByRole('status').filter({ hasText: 'deliver' }).waitFor();
    await step('5-backoffice');
    assert.equal(await balanceOf(served.ctx, SHOP, customerId), 139);

    await go('/fi/account');
    await account().locator('[part=balance]').filter({ hasText: '139 pistettä' }).waitFor();
    await account().getByText('Ostos').waitFor();
    await step('6-account-points');
    await go('/fi/products/boots');
    await page.locator('loyalty-product-points').getByText('Ansaitse 89 pistettä').waitFor();
  });

  test('a review approved in the back office pays its points; a returned unit takes the purchase points back', async () => {
    await go('/fi/account');
    await page.getByRole('button', { name: 'Arvostele Kuoritakki' }).click();
    await go('/backoffice');
    await page.getByRole('button', { name: /^Hyväksy arvostelu/ }).click();
    await page.getByRole('status').filter({ hasText: 'approve-review' }).waitFor();
    assert.equal(await balanceOf(served.ctx, SHOP, customerId), 144);
    await page.getByRole('button', { name: /^Palautus/ }).click();
    await page.getByRole('status').filter({ hasText: 'return' }).waitFor();
    assert.equal(await balanceOf(served.ctx, SHOP, customerId), 15);
    await go('/fi/account');
    await account().locator('[part=balance]').filter({ hasText: '15 pistettä' }).waitFor();
    await account().getByText('Arvostelu').waitFor();
    await account().getByText('Palautus').waitFor();
    await step('6b-review-and-return');
  });

  test('a loyalty code at checkout: used once, refused again and in the B2B shop, restored when the order is cancelled', async () => {
    await insertCode(served.ctx, {
      shopId: SHOP,
      code: 'KANTA-7Q2M',
      customerId,
      valueCents: 1000,
      expiresAt: new Date(Date.now() + 30 * 86_400_000),
    });
    await go('/fi/account');
    await account().getByText('KANTA-7Q2M').waitFor();
    await step('7-account-code');

    await buy('/fi', 'socks', ' KANTA-7Q2M ');
    await page.getByText(/Tilaus web-\S+ vastaanotettu/).waitFor();
    await account().getByText('Ei voimassa olevia koodeja.').waitFor();
    await step('8-code-used');

    await buy('/fi', 'socks', 'KANTA-7Q2M');
    await page.getByRole('alert').filter({ hasText: 'Koodi on jo käytetty.' }).waitFor();
    await step('9-code-refused-again', false);

    await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
    await go('/b2b/');
    assert.match(page.url(), /\/b2b\/signin$/);
    await page.getByLabel('Sähköposti').fill(EMAIL);
    await page.getByLabel('Salasana').fill('salasana');
    await page.getByRole('button', { name: 'Kirjaudu' }).click();
    await page.waitForURL(/\/b2b\/account$/);
    await go('/b2b/products/jacket');
    await page.waitForLoadState('networkidle');
    for (const element of ['loyalty-product-points', 'loyalty-intro-link'])
      assert.equal(await shadowText(element), '', `${element} shows nothing in the B2B shop`);
    await step('10-b2b-product');
    await buy('/b2b', 'socks', 'KANTA-7Q2M');
    await page
      .getByRole('alert')
      .filter({ hasText: 'Kanta-asiakaskoodit eivät käy tässä kaupassa.' })
      .waitFor();
    await step('11-b2b-code-refused', false);

    await go('/backoffice');
    const codeOrder = page.getByRole('row').filter({ hasText: 'KANTA' }).filter({ hasText: 'placed' });
    await codeOrder.getByRole('button', { name: /^Peru/ }).click();
    await page.getByRole('status').filter({ hasText: 'cancel' }).waitFor();
    await go('/fi/account');
    await account().getByText('KANTA-7Q2M').waitFor();
    await step('12-code-restored');
    assert.deepEqual(problems, []);
  });

  test("the month's conversion makes a code: on My Account, in the e-mail, and used at checkout", async () => {
    await buy('/fi', 'jacket', '', 2);
    await page.getByText(/Tilaus web-\S+ vastaanotettu/).waitFor();
    await go('/backoffice');
    await page
      .getByRole('row')
      .filter({ hasText: 'placed' })
      .getByRole('button', { name: /^Toimitettu/ })
      .click();
    await page.getByRole('status').filter({ hasText: 'deliver' }).waitFor();
    // 15 before; the cart still held the pair of socks whose checkout was refused: 259.80 + 14.90 €.
    assert.equal(await balanceOf(served.ctx, SHOP, customerId), 289);

    now();
    const month = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Helsinki',
      year: 'numeric',
      month: '2-digit',
    }).format(new Date());
    // By command, as the merchant runs it (on the embedded database the service stops meanwhile).
    const run = await served.loyalty(['run-monthly', '--shop', SHOP, '--month', month]);
    assert.match(
      run.stdout,
      new RegExp(
        `^${SHOP} ${month}: 1 members converted, 1 codes worth €\\d+\\.\\d\\d, 1 e-mails queued in \\d+\\.\\d s\\n$`,
      ),
    );
    // The command queued the e-mail at the wall clock's time, which the service's clock now follows.
    now();
    const sink = await startSmtpSink();
    const transport = smtpTransport(sink.url);
    try {
      await deliverPendingMail(served.ctx, transport, {
        defaults: { publicUrl: served.base, fromAddress: 'loyalty@loyalty.example' },
      });
      assert.equal(sink.received.length, 1);
      const mail = await sink.received[0]!.parsed();
      const code = /[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]/.exec(mail.text ?? '')?.[0];
      assert.ok(code, `a code in the e-mail: ${mail.text}`);
      assert.deepEqual(sink.received[0]!.envelopeTo, [EMAIL]);

      await go('/fi/account');
      await account().getByText(code).waitFor();
      await step('13-account-monthly-code');
      await buy('/fi', 'boots', code.toLowerCase().replaceAll('-', ' '));
      await page.getByText(/Tilaus web-\S+ vastaanotettu/).waitFor();
      await account().locator('[part=balance]').waitFor();
      assert.equal(await account().getByText(code).count(), 0);
      await step('14-monthly-code-used');
      assert.deepEqual(problems, []);
    } finally {
      await transport.close();
      await sink.close();
    }
  });

  test('at the till, the member code from My Account finds the member: the sale earns points at once', async () => {
    const qrText = await memberCodeOnAccount();
    assert.match(qrText, /^LOYALTY-\d+$/);
    const before = await balanceOf(served.ctx, SHOP, customerId);

    const till = await watchedPage(served.browser, problems, {
      viewport: { width: 1024, height: 768 },
      locale: 'fi-FI',
      timeout: 30_000,
    });
    await cashierAtTill(till);
    // A keyboard-wedge scanner types the QR text and Enter into the search field, which takes the
    // focus by itself; the browser applies autofocus after the load event, so wait until it has.
    await till.waitForFunction("document.activeElement?.id === 'pos-q'");
    await till.keyboard.type(qrText);
    await till.keyboard.press('Enter');
    await till.getByRole('heading', { name: 'Maija Meikäläinen' }).waitFor();
    await till.keyboard.type('50,00');
    now();
    await till.getByRole('button', { name: 'Päätä myynti' }).click();
    await till
      .getByText(`Myynti valmis: 50 pistettä hyvitetty. Uusi saldo: ${before + 50} pistettä.`)
      .waitFor();
    await screenshot(till, 'demo-shop-15-till-sale');
    await till.context().close();

    await go('/fi/account');
    await account()
      .locator('[part=balance]')
      .filter({ hasText: `${before + 50} pistettä` })
      .waitFor();
    await step('16-account-after-till');
    assert.deepEqual(problems, []);
  });

  test("at the till, the camera reads the member's QR code and finds the member", async () => {
    const qrText = await memberCodeOnAccount();
    // Chromium's fake camera plays a video of the code, as a phone held up to the till's camera.
    const folder = mkdtempSync(join(tmpdir(), 'demo-shop-camera-'));
    const video = join(folder, 'member-qr.y4m');
    writeQrVideo(video, qrText);
    const browser = await chromium.launch({
      executablePath: CHROMIUM.get(),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    try {
      const till = await watchedPage(browser, problems, {
        viewport: { width: 1024, height: 768 },
        locale: 'fi-FI',
        timeout: 30_000,
        permissions: ['camera'],
      });
      await cashierAtTill(till);
      await till.getByRole('button', { name: 'Lue kameralla' }).click();
      await till.getByRole('heading', { name: 'Maija Meikäläinen' }).waitFor();
      assert.equal(await till.locator('#pos-q').inputValue(), qrText);
      await screenshot(till, 'demo-shop-15b-till-camera');
    } finally {
      await browser.close();
      rmSync(folder, { recursive: true, force: true });
    }
    assert.deepEqual(problems, []);
  });

  test('in English (?lang=en) My Account and a product page speak English, in British formats', async () => {
    const balance = await balanceOf(served.ctx, SHOP, customerId);
    await go('/fi/account?lang=en');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    const panel = account();
    await panel
      .locator('[part=balance]')
      .filter({ hasText: `${balance.toLocaleString('en-GB')} points` })
      .waitFor();
    await panel.getByRole('heading', { name: 'Valid discount codes' }).waitFor();
    // The restored code: its value as €10.00 and its last day as "4 Jan 2027", not 10,00 € and 4.1.2027.
    const restored = panel.getByRole('listitem').filter({ hasText: 'KANTA-7Q2M' });
    await restored.filter({ hasText: '€10.00' }).waitFor();
    assert.match((await restored.textContent()) ?? '', /valid until \d{1,2} [A-Z][a-z]{2} \d{4}/);
    const history = panel.getByRole('table', { name: 'Points history' });
    await history.getByText('Purchase').first().waitFor();
    assert.match((await history.textContent()) ?? '', /\d{1,2} [A-Z][a-z]{2} \d{4}/);
    await panel.getByRole('img', { name: 'Member code for the till' }).waitFor();
    await step('18-en-account');

    await go('/fi/products/jacket');
    await page.getByRole('heading', { name: 'Shell jacket' }).waitFor();
    await page.getByText('€129.90').waitFor();
    const points = page.locator('loyalty-product-points');
    await points.getByText('Earn 129 points').waitFor();
    await page.getByLabel('Quantity').fill('12');
    await points.getByText('Earn 1,558 points').waitFor();
    await page.locator('loyalty-intro-link').getByText('About the loyalty program').waitFor();
    await step('19-en-product');
    await go('/fi/?lang=fi');
    await page.getByRole('heading', { name: 'Tuotteet' }).waitFor();
    assert.deepEqual(problems, []);
  });

  test("another customer cannot use the member's code: refused as if it did not exist", async () => {
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
    await go('/fi/signin');
    await page.getByLabel('Sähköposti').fill('aino@demo-shop.example');
    await page.getByLabel('Salasana').fill('demo');
    await page.getByRole('button', { name: 'Kirjaudu' }).click();
    await page.waitForURL(/\/fi\/account$/);
    await buy('/fi', 'thermos', 'KANTA-7Q2M');
    await page.getByRole('alert').filter({ hasText: 'Koodia ei löydy.' }).waitFor();
    await step('17-other-customer-refused', false);
    assert.equal(await balanceOf(served.ctx, SHOP, customerId), 89);
  });

  /** One product into the cart of a store version, then the checkout with a code. */
  async function buy(store: string, productId: string, code: string, quantity = 1) {
    await go(`${store}/products/${productId}`);
    await page.getByLabel('Määrä').fill(String(quantity));
    await page.getByRole('button', { name: 'Lisää ostoskoriin' }).click();
    await page.getByLabel('Kanta-asiakkaan alennuskoodi').fill(code);
    now();
    await page.getByRole('button', { name: 'Tilaa' }).click();
  }

  function shadowText(selector: string): Promise<string> {
    return page
      .locator(selector)
      .first()
      .evaluate((e) => e.shadowRoot?.textContent?.trim() ?? '');
  }

  /** The customer the shop registered, found as the till would find them: by e-mail, through the store API. */
  async function memberIdByEmail(email: string): Promise<string> {
    const response = await fetch(`${served.base}/v1/members?email=${encodeURIComponent(email)}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    const body = (await response.json()) as { data: { id: string }[] };
    assert.equal(body.data.length, 1);
    return body.data[0]!.id;
  }
});
