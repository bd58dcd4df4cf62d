import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { listCampaigns } from '../../src/app/campaigns/campaigns.ts';
import { assertFitsScreen, ownerPage, screenshot, servedToOwner } from '../support/browser.ts';
import { publishedShopWithMember } from '../support/fixtures.ts';
import { browserRequirement } from '../support/requirements.ts';
import { addCampaign } from './campaign-set-up.ts';

const CHROMIUM = browserRequirement();

/**
 * The Campaigns pages on a 390 px phone in Finnish: the list, creating a campaign with the
 * browser's own date and time fields, and its page with the effect, none wider than the screen.
 */
describe('the Campaigns pages on a phone', { timeout: 90_000, skip: CHROMIUM.skip }, () => {
  const served = servedToOwner(CHROMIUM, 'kampanja', async ({ ctx }) => {
    await publishedShopWithMember(ctx, 'kampanja');
    await addCampaign(
      ctx,
      'kampanja',
      'kesa',
      'Kesän tuplapisteet kaikista kengistä ja hatuista',
      200,
      ['2026-06-14T00:00', '2026-06-30T00:00'],
      { categories: ['kengät', 'hatut'] },
    );
  });
  const problems: string[] = [];
  after(() => assert.deepEqual(problems, [], 'no script errors'));

  test('list, create with the date and time fields, and the campaign’s page fit the screen', async () => {
    const page = await ownerPage(served, problems, 'kampanja', 'fi', {
      viewport: { width: 390, height: 844 },
    });
    await page.goto(`${served.base}/admin/campaigns`);
    assert.equal(await page.locator('#campaigns tbody tr').count(), 1);
    await assertFitsScreen(page, 'the list');
    await page.fill('#cmp-name', 'Juhannus');
    await page.fill('#cmp-multiplierPct', '150');
    await page.fill('#cmp-startsAt', '2026-06-19T00:00');
    await page.fill('#cmp-endsAt', '2026-06-22T00:00');
    await page.check('input[name="storeVersionIds"][value="fi"]');
    await page.click('form[action="/admin/campaigns"] button[type="submit"]');
    await page.waitForURL(/\/admin\/campaigns\/cmp_[0-9a-f]+\?done=created$/);
    assert.equal(await page.locator('.flash.ok').textContent(), 'Kampanja luotiin.');
    assert.match((await page.locator('#campaign-summary').textContent()) ?? '', /×1,5/);
    await assertFitsScreen(page, 'a planned campaign with its edit form');
    await screenshot(page, 'campaign-390-planned');
    const juhannus = (await listCampaigns(served.ctx, 'kampanja')).find((c) => c.name === 'Juhannus');
    assert.equal(juhannus?.startsAt.toISOString(), '2026-06-18T21:00:00.000Z', 'midnight in Helsinki');

    await page.goto(`${served.base}/admin/campaigns/kesa`);
    assert.equal(await page.locator('#campaign-effect .figure').count(), 5);
    await assertFitsScreen(page, 'a running campaign with its effect');
    await screenshot(page, 'campaign-390-running');
  });
});
