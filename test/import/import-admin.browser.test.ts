import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { createAdminUser } from '../../src/app/admin-users/users.ts';
import { buildServer } from '../../src/http/server.ts';
import { PASSWORD } from '../admin/support/admin-client.ts';
import { ARTIFACTS, launchTestBrowser } from '../support/browser.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { browserRequirement } from '../support/requirements.ts';
import { movingShop, sample } from './support.ts';

const CHROMIUM = browserRequirement();
const EMAIL = 'owner@tuonti.example';

/** A Finnish merchant imports the sample customers and then a file with a problem, in Chromium. */
describe('importing in the admin, in a browser', { timeout: 120_000, skip: CHROMIUM.skip }, () => {
  let app: TestApp;
  let server: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  const problems: string[] = [];

  before(async () => {
    const executablePath = CHROMIUM.get();
    app = await testApp();
    await movingShop(app.ctx, 'tuonti');
    await createAdminUser(app.ctx, { shopId: 'tuonti', email: EMAIL, password: PASSWORD, name: null });
    server = await buildServer({ ctx: app.ctx });
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchTestBrowser(executablePath);
    const context = await browser.newContext({ locale: 'fi-FI' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.goto(`${base}/admin/login?shop=tuonti`);
    await page.getByLabel('Sähköposti').fill(EMAIL);
    await page.getByLabel('Salasana').fill(PASSWORD);
    await page.getByRole('button', { name: 'Kirjaudu' }).click();
    await page.waitForURL(/\/admin\/program/);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await app?.close();
  });

  test('the customers file is uploaded from the navigation’s Import page and imported', async () => {
    await page.getByRole('link', { name: 'Tuonti' }).click();
    await page.getByLabel('Tiedoston sisältö').selectOption('customers');
    await page.getByLabel('CSV-tiedosto (UTF-8)').setInputFiles(sample('customers.csv'));
    await page.getByRole('button', { name: 'Tarkista ja tuo' }).click();
    await page.locator('#import-job[data-status="imported"]').waitFor();
    assert.match((await page.locator('#import-summary').textContent()) ?? '', /Tallennettu\s*3/);
    await page.screenshot({ path: `${ARTIFACTS}/import-imported.png`, fullPage: true });
  });

  test('a file with a problem shows it in the table, with its line and column', async () => {
    await page.goto(`${base}/admin/import`);
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
    await page.screenshot({ path: `${ARTIFACTS}/import-refused.png`, fullPage: true });
    assert.deepEqual(problems, []);
  });
});
