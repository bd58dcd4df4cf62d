import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { loadProgram } from '../../src/app/program/load-program.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import { screenshot, serveToBrowser, watchedPage } from '../support/browser.ts';
import { browserRequirement } from '../support/requirements.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { createOwner, PASSWORD } from './support/admin-client.ts';
import { addWebShopFromChecklist, createApiKeyOnPage, tickedSteps } from './support/checklist-steps.ts';

const CHROMIUM = browserRequirement();

/**
 * A merchant's first hour in a Finnish admin, in a real browser against the real server: sign in
 * to a brand-new shop, follow the checklist, add a store version, create an API key and use it
 * over HTTP, create the program and start it after confirming that billing starts.
 */
describe('the merchant’s first hour in a browser', { timeout: 90_000, skip: CHROMIUM.skip }, () => {
  const served = suiteFixture(() =>
    serveToBrowser(CHROMIUM.get(), async ({ ctx }) => {
      await createShop(ctx, { id: 'uusi', name: 'Uusi kauppa', storeVersions: [] });
      await createOwner(ctx, 'uusi');
    }),
  );
  let page: Page;
  let apiKey = '';
  const problems: string[] = [];

  before(async () => {
    page = await watchedPage(served.browser, problems, {
      viewport: { width: 1280, height: 900 },
      locale: 'fi-FI',
    });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.base });
  });

  const shot = (name: string) => screenshot(page, name);

  test('sign in to a new shop: the checklist shows every step to do', async () => {
    await page.goto(`${served.base}/admin`);
    await page.getByLabel('Kaupan tunnus').fill('uusi');
    await page.getByLabel('Sähköposti').fill('owner@uusi.example');
    await page.getByLabel('Salasana').fill(PASSWORD);
    await page.getByRole('button', { name: 'Kirjaudu' }).click();
    await page.getByRole('heading', { name: 'Käyttöönotto' }).waitFor();
    assert.deepEqual(await tickedSteps(page), []);
    await shot('first-hour-01-checklist');
  });

  test('add a store version from the checklist', async () => {
    await addWebShopFromChecklist(page);
    await shot('first-hour-02-store-versions');
  });

  test('create an API key, copy it and use it over HTTP', async () => {
    await page.getByRole('link', { name: 'API-avaimet' }).click();
    apiKey = await createApiKeyOnPage(page, 'Verkkokauppa');
    assert.match(apiKey, /^lk_live_[A-Za-z0-9_-]{43}$/);
    await page.getByRole('button', { name: 'Kopioi' }).click();
    await page.locator('#copy-status', { hasText: 'Kopioitu.' }).waitFor();
    assert.equal(
      await page.evaluate(() =>
        (
          globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
        ).navigator.clipboard.readText(),
      ),
      apiKey,
    );
    await shot('first-hour-03-api-key');
    const answer = await fetch(`${served.base}/v1/api-key`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    assert.equal(answer.status, 200);
    const body = (await answer.json()) as { shopId: string; name: string; readOnly: boolean };
    assert.deepEqual([body.shopId, body.name, body.readOnly], ['uusi', 'Verkkokauppa', false]);
    await page.goto(`${served.base}/admin/api-keys`);
    assert.doesNotMatch(await page.content(), new RegExp(apiKey), 'shown only once');
  });

  test('the checklist ticks what is done; the program is created, shown and started after confirming', async () => {
    await page.getByRole('link', { name: 'Kanta-asiakasohjelma' }).first().click();
    assert.deepEqual(await tickedSteps(page), ['versions', 'api-key', 'integration']);
    await page.getByRole('button', { name: 'Luo kanta-asiakasohjelma' }).click();
    await page.getByText(/Kanta-asiakasohjelma luotiin esiasetuksista/).waitFor();
    assert.equal((await loadProgram(served.ctx.db, 'uusi')).settings.name, 'Kanta-asiakasohjelma');
    await page.locator('li[data-version="fi"]').getByRole('button', { name: 'Näytä tässä' }).click();
    await page.getByText('Ohjelma näkyy nyt versiossa Verkkokauppa.').waitFor();
    assert.deepEqual(await tickedSteps(page), ['versions', 'api-key', 'integration', 'settings']);
    await page.getByRole('button', { name: 'Käynnistä kanta-asiakasohjelma' }).click();
    await page.getByText(/Laskutus alkaa nyt/).waitFor();
    assert.equal((await loadProgram(served.ctx.db, 'uusi')).status, 'draft', 'not before confirming');
    await shot('first-hour-04-confirm-start');
    await page.getByRole('button', { name: /Kyllä, käynnistä ohjelma/ }).click();
    await page.getByText('Kanta-asiakasohjelma on käynnissä.').waitFor();
    assert.equal((await loadProgram(served.ctx.db, 'uusi')).status, 'published');
    assert.equal(await page.locator('#checklist').count(), 0);
    await shot('first-hour-05-running');
    assert.deepEqual(problems, [], 'no script errors, no refused resources');
  });
});
