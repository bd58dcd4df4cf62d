import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { ARTIFACTS, ownerPage, serveToBrowser } from '../support/browser.ts';
import { browserRequirement } from '../support/requirements.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { createOwner } from './support/admin-client.ts';
import { historyShop } from './support/history.ts';

const CHROMIUM = browserRequirement();

/**
 * The settings page on a 390 px phone and on a 1440 px laptop, in a real browser against the real
 * server: nothing overflows sideways, the e-mail preview shows the letter, the estimate's key
 * figures stay in view while the form is edited, and the cost warning follows the limit.
 * The shop's history is the one worked out by hand in simulation.test.ts (May 2026).
 */
describe('the settings page on a phone and on a laptop', { timeout: 120_000, skip: CHROMIUM.skip }, () => {
  const served = suiteFixture(() =>
    serveToBrowser(CHROMIUM.get(), async ({ ctx, clock }) => {
      await historyShop(ctx, clock, 'web', {
        name: 'Club',
        language: 'en',
        joinPoints: 50,
        reviewPoints: 20,
      });
      await createOwner(ctx, 'web');
    }),
  );
  const problems: string[] = [];

  /** A signed-in page on the settings, in a window of the given size. */
  async function settingsIn(width: number, height: number): Promise<{ page: Page; context: BrowserContext }> {
    const page = await ownerPage(served, problems, 'web', 'en', { viewport: { width, height } });
    await page.goto(`${served.base}/admin/program/settings`);
    return { page, context: page.context() };
  }

  const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  const scrollWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');
  /** The estimate has answered the last change. */
  const idle = (page: Page) => page.locator('#estimate:not([aria-busy])').waitFor({ state: 'attached' });
  /** The part of the locator's box inside the window, in pixels of height (0: out of view). */
  const heightInView = async (page: Page, locator: Locator) => {
    const box = (await locator.boundingBox())!;
    const view = page.viewportSize()!;
    return Math.max(0, Math.min(box.y + box.height, view.height) - Math.max(box.y, 0));
  };

  test('on a 390 px phone nothing overflows sideways and the e-mail preview shows the letter', async () => {
    const { page, context } = await settingsIn(390, 844);
    assert.ok((await scrollWidth(page)) <= 390, `scroll width ${await scrollWidth(page)}`);
    const frame = page.locator('#mail-preview');
    await frame.scrollIntoViewIfNeeded();
    const letter = page.frameLocator('#mail-preview');
    await letter.getByText('Hello Alex Taylor,').waitFor();
    assert.match(await text(letter.locator('body')), /Club.*€5\.00/);
    const frameBox = (await frame.boundingBox())!;
    assert.ok(frameBox.height >= 300 && frameBox.width >= 300, JSON.stringify(frameBox));
    assert.ok(frameBox.x >= 0 && frameBox.x + frameBox.width <= 390, 'the frame fits the screen');
    // The letter follows the form: a new name and the code of a new first tier.
    await page.getByLabel('Name', { exact: true }).fill('Retkeilijän pisteet');
    await page.locator('#tier-0-value').fill('7.50');
    await letter.getByRole('heading', { name: 'Retkeilijän pisteet' }).waitFor();
    await letter.getByText('€7.50').waitFor();
    assert.ok((await scrollWidth(page)) <= 390);
    await page.screenshot({ path: `${ARTIFACTS}/settings-390-mail-preview.png` });
    await context.close();
  });

  test('on a phone the key figures stay in a compact bar at the bottom that leaves the form readable', async () => {
    const { page, context } = await settingsIn(390, 844);
    const bar = page.locator('.sticky-actions');
    const brief = page.locator('#estimate-brief');
    assert.equal(await text(brief), 'Codes €35.00 · 6.14% of members’ sales');
    for (const field of ['#joinPoints', '#codeValidityMonths', '#termsPage']) {
      await page.locator(field).scrollIntoViewIfNeeded();
      const box = (await bar.boundingBox())!;
      assert.ok(
        box.y + box.height <= 844 + 1 && box.y >= 844 - 140,
        `the bar at the bottom: ${JSON.stringify(box)}`,
      );
      assert.ok(await brief.isVisible());
      assert.ok((await heightInView(page, page.locator(field))) > 0, `${field} is not covered`);
    }
    // The warning when the codes cost more than the limit, in the bar and in the estimate.
    await page.getByLabel('Limit on what the codes cost').fill('5');
    await page.locator('#estimate-brief a.over').waitFor();
    assert.equal(await text(brief), '⚠ Codes €35.00 · 6.14% of members’ sales, above your limit of 5%');
    await page.locator('#estimate-brief a').click();
    const verdict = page.locator('[data-figure="cost-verdict"]');
    assert.equal(
      await text(verdict),
      '⚠ The codes would cost 6.14% of members’ sales, above your limit of 5%. Fewer points per euro or cheaper tiers would lower it.',
    );
    assert.ok((await heightInView(page, verdict)) > 0, 'the link leads to the estimate');
    assert.ok((await scrollWidth(page)) <= 390);
    await page.screenshot({ path: `${ARTIFACTS}/settings-390-warning.png` });
    await context.close();
  });

  test('an unknown time zone typed in the searchable field is refused beside it', async () => {
    const { page, context } = await settingsIn(390, 844);
    const zone = page.getByLabel('Time zone (monthly codes at midnight)');
    assert.equal(await zone.getAttribute('list'), 'time-zones');
    assert.equal(await page.locator('#time-zones option').first().getAttribute('value'), 'Europe/Helsinki');
    await zone.fill('Mars/Olympus');
    await page.locator('#err-timeZone', { hasText: '“Mars/Olympus” is not a time zone we know.' }).waitFor();
    assert.equal(await zone.getAttribute('aria-invalid'), 'true');
    await zone.fill('Europe/Stockholm');
    await page.locator('#err-timeZone').filter({ hasText: /^$/ }).waitFor({ state: 'attached' });
    await context.close();
  });

  test('on a 1440 px laptop the key figures stay in view while the form scrolls, and follow it', async () => {
    const { page, context } = await settingsIn(1440, 900);
    assert.ok((await scrollWidth(page)) <= 1440);
    const figures = page.locator('#estimate-key-figures');
    assert.equal(await page.locator('#estimate-brief').isVisible(), false, 'the estimate is beside the form');
    for (const field of ['#codeValidityMonths', '#introPage', '#termsPage', '#mail-preview']) {
      await page.locator(field).scrollIntoViewIfNeeded();
      const box = (await figures.boundingBox())!;
      assert.ok(
        box.y >= -1 && box.y + box.height <= 900,
        `key figures in view beside ${field}: ${JSON.stringify(box)}`,
      );
    }
    assert.ok((await page.evaluate<number>('window.scrollY')) > 1500, 'the form was scrolled well down');
    // Editing far down the form, the figures answer a change of the ratio made further up.
    await page.getByLabel('1 point for every €0.10 spent').check();
    await page.locator('[data-figure="cost-code-value"]', { hasText: '€120.00' }).waitFor();
    await idle(page);
    assert.equal(await text(page.locator('[data-figure="cost-share"]')), '21.03%');
    assert.match(await text(page.locator('[data-figure="cost-verdict"]')), /above your limit of 10%/);
    assert.ok((await heightInView(page, figures)) > 100);
    await page.screenshot({ path: `${ARTIFACTS}/settings-1440-scrolled.png` });
    await context.close();
    assert.deepEqual(problems, [], 'no script errors, no refused resources');
  });
});
