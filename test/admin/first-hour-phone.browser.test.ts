import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createApiKey } from '../../src/app/api-keys/create-api-key.ts';
import { assertFitsScreen, ownerPage, screenshot, serveToBrowser } from '../support/browser.ts';
import { FINNISH_WEB_SHOP, newShop } from '../support/fixtures.ts';
import { browserRequirement } from '../support/requirements.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { createOwner } from './support/admin-client.ts';

const CHROMIUM = browserRequirement();

/**
 * The first hour's pages on a 390 px phone once they list something (a store version, API keys,
 * users): a table too wide scrolls inside its own box, and the page itself never scrolls sideways.
 * The hidden labels of a table's cells (for screen readers) once widened the whole page.
 */
describe('the first hour’s pages on a phone', { timeout: 90_000, skip: CHROMIUM.skip }, () => {
  const served = suiteFixture(() =>
    serveToBrowser(CHROMIUM.get(), async ({ ctx }) => {
      await newShop(ctx, 'puhelin', [FINNISH_WEB_SHOP]);
      await createOwner(ctx, 'puhelin');
      await createApiKey(ctx, { shopId: 'puhelin', name: 'Verkkokauppa', readOnly: false });
      await createApiKey(ctx, { shopId: 'puhelin', name: 'Kassa', readOnly: true });
    }),
  );
  const problems: string[] = [];
  after(() => assert.deepEqual(problems, [], 'no script errors'));

  test('store versions, API keys and users fit the screen’s width', async () => {
    const page = await ownerPage(served, problems, 'puhelin', 'fi', {
      viewport: { width: 390, height: 844 },
    });
    for (const [path, rows] of [
      ['/admin/store-versions', 1],
      ['/admin/api-keys', 2],
      ['/admin/users', 1],
    ] as const) {
      await page.goto(`${served.base}${path}`);
      assert.equal(await page.locator('.table-wrap table tbody tr').count(), rows, `${path} lists its rows`);
      await screenshot(page, `first-hour-phone${path.replaceAll('/', '-')}`);
      await assertFitsScreen(page, path);
    }
  });
});
