import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { loadProgram } from '../../src/app/program/load-program.ts';
import { screenshot, serveToBrowser, watchedPage } from '../support/browser.ts';
import { balanceOf } from '../support/fixtures.ts';
import { browserRequirement } from '../support/requirements.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { createOwner, PASSWORD } from './support/admin-client.ts';
import { historyShop } from './support/history.ts';

const CHROMIUM = browserRequirement();

/**
 * The merchant's path through the admin in a real browser against the real server: sign in,
 * create the program, watch the estimate follow the settings, fail to start without a version,
 * start it, see the dashboard, adjust a member, hide the program from a version.
 */
describe('admin in a browser', { timeout: 90_000, skip: CHROMIUM.skip }, () => {
  const served = suiteFixture(() =>
    serveToBrowser(CHROMIUM.get(), async ({ ctx, clock }) => {
      await historyShop(ctx, clock, 'web');
      // The shop has a year of history but no program yet: the merchant creates it.
      await ctx.db.deleteFrom('programs').where('shop_id', '=', 'web').execute();
      await createOwner(ctx, 'web', 'Olli Omistaja');
    }),
  );
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    page = await watchedPage(served.browser, problems, {
      viewport: { width: 1366, height: 900 },
      locale: 'en-GB',
      // The refusals the test provokes (409 to start without a version, 422 without a reason).
      expected: /status of (409|422)\b/,
    });
  });

  const shot = (name: string) => screenshot(page, name);
  /** A locator's text with its white space collapsed. */
  const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  /** The estimate has answered the last change. */
  const idle = () => page.locator('#estimate:not([aria-busy])').waitFor({ state: 'attached' });

  test('sign in and create the program from the presets', async () => {
    await page.goto(`${served.base}/admin`);
    assert.match(page.url(), /\/admin\/login\?next=/);
    await page.getByLabel('Shop ID').fill('web');
    await page.getByLabel('E-mail').fill('owner@web.example');
    await page.getByLabel('Password').fill(PASSWORD);
    await shot('01-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Create loyalty program' }).click();
    await page.getByText('The loyalty program was created from the presets').waitFor();
    assert.equal(await page.locator('dd', { hasText: '100 points = €5.00' }).count(), 1);
  });

  test('starting without a version is disabled with the reason, and refused if forced', async () => {
    const start = page.locator('#start-program');
    assert.equal(await start.isDisabled(), true);
    assert.equal(
      await text(page.locator('#start-reason')),
      'Select at least one store version in the settings before starting the program.',
    );
    await shot('02-program-draft');
    await page
      .locator('form[action="/admin/program/publish"]')
      .evaluate((form) => (form as unknown as { submit(): void }).submit());
    await page.locator('.flash.error').waitFor();
    assert.match(await text(page.locator('.flash.error')), /Select at least one store version/);
    assert.equal((await loadProgram(served.ctx.db, 'web')).status, 'draft');
  });

  test('the estimate follows the settings as they change, without saving', async () => {
    await page.goto(`${served.base}/admin/program/settings`);
    const purchase = page.locator('[data-total="purchase"]');
    assert.equal(await text(purchase), '569 points', 'May 2026, the previous month, at 1 point per euro');
    assert.equal(await page.locator('#chart-purchase').count(), 1);
    await page.getByLabel('1 point for every €0.10 spent').check();
    await page.locator('[data-total="purchase"]', { hasText: '5,704 points' }).waitFor();
    assert.match(await text(page.locator('#estimate-summary')), /€120\.00/);
    // The tier editor: add a tier, get an error beside a field while typing, fix it.
    await page.getByRole('button', { name: '+ Add tier' }).click();
    await page.locator('#tier-3-points').fill('1000');
    await page.locator('#tier-3-value').fill('90');
    await page.locator('#tier-1-points').fill('50');
    await page.locator('#err-tiers-1-points').filter({ hasText: 'Tier 2 must cost more points' }).waitFor();
    assert.equal(await page.locator('#tier-1-points').getAttribute('aria-invalid'), 'true');
    await page.locator('#tier-1-points').fill('250');
    await page.locator('#err-tiers-1-points').filter({ hasText: /^$/ }).waitFor({ state: 'attached' });
    await idle();
    assert.match(await text(page.locator('#estimate-summary')), /1,000 points = €90\.00/);
    await page.locator('tr.tier-row').nth(3).getByRole('button', { name: 'Remove' }).click();
    assert.equal(await page.locator('tr.tier-row').count(), 3);
    // Quick range: 3 months.
    await page.getByRole('link', { name: 'Last 3 months' }).click();
    await page.locator('.quick-ranges a[aria-current="true"]', { hasText: 'Last 3 months' }).waitFor();
    assert.equal(await page.locator('#estimate-range-from').inputValue(), '2026-03-01');
    await idle();
    assert.equal(
      (await loadProgram(served.ctx.db, 'web')).settings.purchaseRatioCents,
      100,
      'nothing saved yet',
    );
    await shot('03-settings-estimate');
  });

  test('select a version, save, start; the dashboard appears', async () => {
    await page.getByLabel(/Verkkokauppa/).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    const saved = await loadProgram(served.ctx.db, 'web');
    assert.equal(saved.settings.purchaseRatioCents, 10);
    assert.deepEqual(saved.settings.storeVersionIds, ['fi']);
    await page.getByRole('link', { name: 'Loyalty program' }).first().click();
    await page.getByRole('button', { name: 'Start loyalty program' }).click();
    await page.getByText(/Billing starts now/).waitFor();
    await page.getByRole('button', { name: /Yes, start the program/ }).click();
    await page.getByText('The loyalty program is running.').waitFor();
    await page.locator('#dash-codes').waitFor();
    assert.equal(await page.locator('#dashboard canvas').count(), 5);
    assert.equal((await loadProgram(served.ctx.db, 'web')).status, 'published');
    await shot('04-dashboard');
  });

  test('adjust a member: refused without a reason, recorded with one', async () => {
    served.clock.advance(3600_000);
    await joinProgram(served.ctx, { shopId: 'web', customerId: 'c1', source: 'registration' });
    await page.getByRole('link', { name: 'Members', exact: true }).click();
    await page.getByRole('link', { name: 'Customer c1' }).click();
    await page.getByLabel('Points (+/−)').fill('75');
    await page.getByRole('button', { name: 'Save adjustment' }).click();
    assert.equal(await text(page.locator('#err-reason')), 'A reason is required for every change of points.');
    assert.equal(await balanceOf(served.ctx, 'web', 'c1'), 0, 'the presets give no join points');
    await page.getByLabel('Reason').fill('Apology for a late delivery');
    await page.getByRole('button', { name: 'Save adjustment' }).click();
    await page.getByText('Adjustment of +75 saved. Balance now 75.').waitFor();
    const row = page.locator('#ledger tbody tr').first();
    assert.match(
      await text(row),
      /Adjustment\s*\+75\s*Apology for a late delivery\s*Olli Omistaja <owner@web\.example>/,
    );
    assert.equal(await balanceOf(served.ctx, 'web', 'c1'), 75);
    await shot('05-member');
  });

  test('hide the program from a version; it stays running', async () => {
    await page.getByRole('link', { name: 'Loyalty program' }).first().click();
    await page.locator('li[data-version="fi"]').getByRole('button', { name: 'Hide here' }).click();
    await page.getByText('The program is now hidden in Verkkokauppa.').waitFor();
    assert.match(await text(page.locator('li[data-version="fi"]')), /Hidden/);
    const program = await loadProgram(served.ctx.db, 'web');
    assert.deepEqual(program.settings.storeVersionIds, []);
    assert.equal(program.status, 'published');
  });

  test('the other pages, in Finnish and on a tablet', async () => {
    await served.ctx.db
      .insertInto('mail_outbox')
      .values({
        shop_id: 'web',
        message_key: 'monthly:2026-06:c1',
        message_id: 'm-web-c1',
        kind: 'monthly',
        customer_id: 'c1',
        recipient: 'c1@example.com',
        payload: JSON.stringify({
          period: '2026-06',
          name: 'Customer c1',
          balance: 75,
          codes: [{ code: 'K7QM-4XPA-9TRD', valueCents: 1500, expiresAt: '2026-09-30T21:00:00.000Z' }],
        }),
        status: 'sent',
        sent_at: served.clock.now(),
        next_attempt_at: served.clock.now(),
        created_at: served.clock.now(),
      })
      .execute();
    for (const [name, path] of [
      ['06-members', '/admin/members'],
      ['07-codes', '/admin/codes'],
      ['08-orders', '/admin/orders?from=2026-05-01&to=2026-05-31'],
      ['11-mail', '/admin/mail'],
      ['12-mail-message', `/admin/mail/${encodeURIComponent('monthly:2026-06:c1')}`],
    ] as const) {
      await page.goto(`${served.base}${path}`);
      await shot(name);
    }
    await Promise.all([page.waitForNavigation(), page.getByLabel('Language').selectOption('fi')]);
    await page.getByRole('link', { name: 'Sähköpostit' }).waitFor();
    assert.match(page.url(), /\/admin\/mail\/monthly%3A2026-06%3Ac1$/, 'back on the same page');
    await page.setViewportSize({ width: 820, height: 1100 });
    await page.goto(`${served.base}/admin/program/settings`);
    await page.getByRole('heading', { name: 'Arvio pistekertymästä' }).waitFor();
    await shot('09-settings-tablet-fi');
    await page.goto(`${served.base}/admin/program`);
    await page.locator('#dash-codes').waitFor();
    await shot('10-dashboard-tablet-fi');
    assert.deepEqual(problems, [], 'no script errors, no refused resources');
  });
});
