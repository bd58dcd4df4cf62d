import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createOwner } from '../admin/support/admin-client.ts';
import { ARTIFACTS, ownerPage, serveToBrowser } from '../support/browser.ts';
import { browserRequirement } from '../support/requirements.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { liabilityShop, REPORT_NOW } from './support/liability-shop.ts';

const CHROMIUM = browserRequirement();

/** What chart.js drew on a canvas: its chart's bars per dataset, read in the page. */
interface ChartGlobals {
  Chart: {
    getChart(canvas: unknown): {
      data: { labels: string[]; datasets: { label: string; data: (number | null)[] }[] };
    };
  };
}

describe('the points liability page in a browser', { timeout: 120_000, skip: CHROMIUM.skip }, () => {
  const served = suiteFixture(() =>
    serveToBrowser(CHROMIUM.get(), async (app) => {
      app.clock.set(REPORT_NOW);
      await liabilityShop(app.ctx, 'vastuu');
      await createOwner(app.ctx, 'vastuu');
      app.clock.set(REPORT_NOW);
    }),
  );

  test('reached from the navigation, it draws both charts from the month figures without a console error', async () => {
    const problems: string[] = [];
    const page = await ownerPage(served, problems, 'vastuu', 'fi', {
      viewport: { width: 1280, height: 900 },
    });
    try {
      await page.getByRole('link', { name: 'Pisteiden vastuu' }).click();
      await page.getByRole('heading', { name: 'Pisteiden vastuu', level: 1 }).waitFor();
      await page.waitForFunction(() => {
        const g = globalThis as unknown as ChartGlobals & {
          document: { getElementById(id: string): unknown };
        };
        return (
          typeof g.Chart !== 'undefined' &&
          !!g.Chart.getChart(g.document.getElementById('liability-breakage'))
        );
      });
      // One evaluate per canvas, without inner functions (the test's compiler would name them for the page).
      const read = (id: string) =>
        page.locator(`#${id}`).evaluate((canvas) => {
          const chart = (globalThis as unknown as ChartGlobals).Chart.getChart(canvas);
          return {
            labels: chart.data.labels,
            sets: chart.data.datasets.map((d) => ({ label: d.label, data: d.data })),
          };
        });
      const drawn = { owed: await read('liability-owed'), breakage: await read('liability-breakage') };
      assert.equal(drawn.owed.labels.length, 13);
      assert.deepEqual(
        drawn.owed.sets.map((s) => s.label),
        ['Pisteiden arvo', 'Koodit vanhenemisen jälkeen'],
      );
      // March 2026 (the tenth month): 40 € of points, 20.45 € of codes net of breakage.
      assert.equal(drawn.owed.sets[0]!.data[9], 40);
      assert.equal(drawn.owed.sets[1]!.data[9], 20.45);
      assert.deepEqual(
        drawn.breakage.sets[0]!.data,
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 5, 0],
        'a 5 € code expired unused in April and in May',
      );
      const box = await page.locator('#liability-owed').boundingBox();
      assert.ok(box && box.width > 100 && box.height > 100, 'the chart has room on the page');
      assert.equal(await page.locator('#liability-months tbody tr').count(), 13);
      await page.screenshot({ path: `${ARTIFACTS}/liability-fi.png`, fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await page.context().close();
    }
  });
});
