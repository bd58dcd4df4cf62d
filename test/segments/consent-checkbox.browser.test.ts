import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { getMarketingConsent } from '../../src/app/consent/marketing-consent.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { createStorefrontSecret } from '../../src/app/shopper/storefront-secrets.ts';
import { signToken } from '../shopper/shopper-harness.ts';
import { servedWithShopSite } from '../storefront/components-page.ts';
import { watchedPage } from '../support/browser.ts';
import { publishedShop } from '../support/fixtures.ts';
import { browserRequirement } from '../support/requirements.ts';
import { suiteFixture } from '../support/suite-fixture.ts';

const CHROMIUM = browserRequirement();

/** My Account's "Send me offers and reminders" box in Chromium, on a shop's own page (another origin). */
describe('the consent checkbox of <loyalty-account>', { timeout: 240_000, skip: CHROMIUM.skip }, () => {
  let secret = { id: '', secret: '' };
  const served = suiteFixture(async () => {
    return servedWithShopSite(CHROMIUM.get(), ['kauppa'], async ({ ctx }) => {
      await publishedShop(ctx, 'kauppa');
      await joinProgram(ctx, { shopId: 'kauppa', customerId: 'c1', source: 'registration' });
      secret = await createStorefrontSecret(ctx, { shopId: 'kauppa', name: 'Web shop' });
    });
  });
  const problems: string[] = [];
  /** Waits until My Account's status line (read out by screen readers) says `text`. */
  const announced = (page: Page, text: string) =>
    page
      .locator('loyalty-account')
      .getByRole('status')
      .filter({ hasText: text })
      .waitFor({ state: 'attached' });

  test('a member ticks the box, it is recorded from the storefront, and it stays ticked on the next visit; clearing it withdraws', async () => {
    const open = async (path: string) => {
      const page = await watchedPage(served.browser, problems, {
        locale: 'fi-FI',
        timezoneId: 'Europe/Helsinki',
        timeout: 20_000,
        label: path,
      });
      const token = await signToken(
        served.clock.now(),
        { shop: 'kauppa', sub: 'c1', storeVersion: 'fi' },
        secret,
      );
      await page.goto(
        served.site.put(
          path,
          served.base,
          '<loyalty-account></loyalty-account>',
          `<meta name="loyalty-token" content="${token}">`,
        ),
      );
      const box = page
        .locator('loyalty-account')
        .getByRole('checkbox', { name: 'Lähetä minulle tarjouksia ja muistutuksia' });
      await box.waitFor();
      return { page, box };
    };

    const first = await open('/oma-tili');
    assert.equal(await first.box.isChecked(), false, 'never asked: not ticked');
    await first.box.check();
    await announced(first.page, 'Saat jatkossa tarjouksia ja muistutuksia.');
    const given = await getMarketingConsent(served.ctx, 'kauppa', 'c1');
    assert.equal(given.granted, true);
    assert.equal(given.source, 'storefront');
    await first.page.close();

    const second = await open('/oma-tili-uudelleen');
    assert.equal(await second.box.isChecked(), true);
    await second.box.uncheck();
    await announced(second.page, 'Emme lähetä sinulle enää');
    assert.equal((await getMarketingConsent(served.ctx, 'kauppa', 'c1')).granted, false);
    await second.page.close();
    assert.deepEqual(problems, []);
  });
});
