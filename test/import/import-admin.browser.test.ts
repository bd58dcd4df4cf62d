import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ownerPage, screenshot, servedToOwner } from '../support/browser.ts';
import { browserRequirement } from '../support/requirements.ts';
import { movingShop, sample } from './support.ts';

const CHROMIUM = browserRequirement();

/** A Finnish merchant imports the sample customers and then a file with a problem, in Chromium. */
describe('importing in the admin, in a browser', { timeout: 120_000, skip: CHROMIUM.skip }, () => {
  const served = servedToOwner(CHROMIUM, 'tuonti', ({ ctx }) => movingShop(ctx, 'tuonti'));
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    page = await ownerPage(served, problems, 'tuonti', 'fi', { timeout: 15_000 });
  });

  test('the customers file is uploaded from the navigation’s Import page and imported', async () => {
    await page.getByRole('link', { name: 'Tuonti' }).click();
    await page.getByLabel('Tiedoston sisältö').selectOption('customers');
    await page.getByLabel('CSV-tiedosto (UTF-8)').setInputFiles(sample('customers.csv'));
    await page.getByRole('button', { name: 'Tarkista ja tuo' }).click();
    await page.locator('#import-job[data-status="imported"]').waitFor();
    assert.match((await page.locator('#import-summary').textContent()) ?? '', /Tallennettu\s*3/);
    await screenshot(page, 'import-imported');
  });

  test('a file with a problem shows it in the table, with its line and column', async () => {
    await page.goto(`${served.base}/admin/import`);
    await page.getByLabel('Tiedoston sisältö').selectOption('members');
    await page.getByLabel('CSV-tiedosto (UTF-8)').setInputFiles({
      name: 'jasenet.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('customer_id,joined_at,opening_balance\nc1001,2025-01-10,10\n'),
    });
    await page.getByRole('button', { name: 'Tarkista ja tuo' }).click();
    await page.locator('#import-job[data-status="refused"]').waitFor();
    const row = page.locator('#import-problems tbody tr').first();
    assert.match(
      (await row.textContent()) ?? '',
      /^2\s*joined_at\s*2025-01-10\s*Anna aika poikkeamineen UTC:stä/,
    );
    await screenshot(page, 'import-refused');
    assert.deepEqual(problems, []);
  });
});
