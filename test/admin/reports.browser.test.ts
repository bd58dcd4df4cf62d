import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ARTIFACTS, ownerPage, serveToBrowser } from '../support/browser.ts';
import { browserRequirement } from '../support/requirements.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { createOwner } from './support/admin-client.ts';
import { REPORT_SHOP, reportShop } from './support/report-shop.ts';

const CHROMIUM = browserRequirement();

/** The browser's globals the checks read in the page (the project compiles without the DOM types). */
interface PageGlobals {
  document: {
    documentElement: { scrollWidth: number };
    createRange(): { selectNodeContents(node: unknown): void; getClientRects(): ArrayLike<{ top: number }> };
  };
  innerWidth: number;
  getComputedStyle(element: unknown, pseudo?: string): { content: string; fontFamily: string };
}

/** The page is never wider than the window: nothing to scroll sideways but a table's own box. */
async function assertNoSidewaysScroll(page: Page, what: string) {
  const { scroll, width } = await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    return { scroll: w.document.documentElement.scrollWidth, width: w.innerWidth };
  });
  assert.ok(scroll <= width, `${what}: the page is ${scroll} px wide in a ${width} px window`);
}

/**
 * Every column of a table can be read: as a header wholly inside the window and inside the table's
 * box (scrolled to it, where the table may scroll inside its box), or on a phone, where the header
 * row is hidden, as the label shown before a cell's value (at least one cell of each column has a
 * value). No cell reaches past the window's right edge.
 */
async function assertEveryColumnReadable(page: Page, table: string, mayScrollInside = false) {
  // The words as written: the header row shows them in capitals.
  const headers = (await page.locator(`${table} thead th`).allTextContents()).map((h) => h.trim());
  assert.ok(headers.length > 0, `${table} has headers`);
  const stacked = await page
    .locator(`${table} thead`)
    .evaluate((head) => head.getBoundingClientRect().height <= 1);
  if (!mayScrollInside) {
    const overflow = await page
      .locator(table)
      .evaluate((el) => el.closest('.table-wrap')!.scrollWidth - el.closest('.table-wrap')!.clientWidth);
    assert.ok(overflow <= 0, `${table}: no column hidden to the right (${overflow} px)`);
  }
  if (!stacked) {
    for (const [i, name] of headers.entries()) {
      const th = page.locator(`${table} thead th`).nth(i);
      await th.scrollIntoViewIfNeeded();
      const seen = await th.evaluate((el) => {
        const w = globalThis as unknown as PageGlobals;
        const box = el.getBoundingClientRect();
        const wrap = el.closest('.table-wrap')!.getBoundingClientRect();
        return (
          box.left >= wrap.left - 0.5 &&
          box.right <= wrap.right + 0.5 &&
          box.left >= 0 &&
          box.right <= w.innerWidth + 0.5 &&
          box.width > 0
        );
      });
      assert.ok(seen, `${table}: the header ${name} is in view`);
    }
    return;
  }
  const labels = await page.locator(`${table} tbody td`).evaluateAll((cells) => {
    const w = globalThis as unknown as PageGlobals;
    return cells
      .filter((td) => td.getBoundingClientRect().height > 0)
      .map((td) => {
        const box = td.getBoundingClientRect();
        return {
          label: w.getComputedStyle(td, '::before').content.replace(/^"|"$/g, ''),
          inside: box.left >= 0 && box.right <= w.innerWidth + 0.5,
          text: td.textContent ?? '',
        };
      });
  });
  for (const cell of labels)
    assert.ok(cell.inside, `${table}: ${cell.label} ${cell.text} is inside the window`);
  const shown = new Set(labels.filter((c) => c.text.trim() !== '').map((c) => c.label));
  for (const name of headers)
    assert.ok(shown.has(name), `${table}: a value labelled ${name} (shown: ${[...shown]})`);
}

/** Every code of the table is set on one line, in a monospace font. */
async function assertCodesOnOneLine(page: Page, table: string) {
  const codes = await page.locator(`${table} td.code`).evaluateAll((cells) => {
    const w = globalThis as unknown as PageGlobals;
    return cells
      .filter((td) => td.textContent!.trim() !== '')
      .map((td) => {
        const range = w.document.createRange();
        range.selectNodeContents(td);
        const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
        return { code: td.textContent!.trim(), lines: lines.size, font: w.getComputedStyle(td).fontFamily };
      });
  });
  assert.ok(codes.length > 0, `${table} shows codes`);
  for (const c of codes) {
    assert.equal(c.lines, 1, `${c.code} on one line`);
    assert.match(c.font, /monospace|Menlo|Consolas/, `${c.code} in a monospace font`);
  }
}

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];

/**
 * The merchant's reports in a Finnish admin on a laptop and on a phone: the orders report (the
 * totals of the whole report on every page, every column reachable), a member's ledger and the
 * codes (each value labelled, a code on one line).
 */
describe('reports on a laptop and on a phone', { timeout: 180_000, skip: CHROMIUM.skip }, () => {
  const served = suiteFixture(() =>
    serveToBrowser(CHROMIUM.get(), async (app) => {
      await reportShop(app);
      await createOwner(app.ctx, REPORT_SHOP);
    }),
  );
  const problems: string[] = [];

  for (const viewport of VIEWPORTS) {
    const size = `${viewport.width}×${viewport.height}`;
    describe(`at ${size}`, () => {
      let page: Page;
      const shot = (name: string) =>
        page.screenshot({ path: `${ARTIFACTS}/reports-${name}-${viewport.width}.png`, fullPage: true });

      before(async () => {
        page = await ownerPage(served, problems, REPORT_SHOP, 'fi', {
          viewport,
          timeout: 15_000,
          label: size,
        });
      });
      after(() => page?.context().close());

      test('orders report: every column in reach, the totals of the whole report on pages 1 and 2', async () => {
        await page.goto(`${served.base}/admin/orders?from=2026-06-01&to=2026-06-30`);
        const totals = page.locator('#orders-totals');
        await totals
          .getByRole('heading', { name: 'Koko raportin summat: 60 tilausta, peruttuja ei lasketa' })
          .waitFor();
        const firstPage = await totals.textContent();
        await assertNoSidewaysScroll(page, 'orders, page 1');
        await shot('orders-1');
        await page.getByRole('link', { name: /Seuraava/ }).click();
        await page.getByText('Sivu 2 / 2').waitFor();
        assert.ok(await totals.isVisible(), 'the totals on page 2');
        assert.equal(await totals.textContent(), firstPage, 'the same totals: the whole report’s');
        const totalsBox = (await totals.boundingBox())!;
        const tableBox = (await page.locator('#orders').boundingBox())!;
        assert.ok(totalsBox.y < tableBox.y, 'above the table, in view without scrolling past its rows');
        assert.ok(totalsBox.x >= 0 && totalsBox.x + totalsBox.width <= viewport.width);
        await assertNoSidewaysScroll(page, 'orders, page 2');
        const wrap = page.locator('#orders').locator('xpath=..');
        const { scrollWidth, clientWidth } = await wrap.evaluate((el) => ({
          scrollWidth: el.scrollWidth,
          clientWidth: el.clientWidth,
        }));
        if (viewport.width >= 1440)
          assert.ok(scrollWidth <= clientWidth, `fits a laptop: ${scrollWidth} > ${clientWidth}`);
        await assertEveryColumnReadable(page, '#orders', true);
        if (scrollWidth > clientWidth) {
          // Scrolled to its last column, the table still shows which order each row is.
          await wrap.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
          const orderCell = page.locator('#orders tbody tr').first().locator('th');
          const cellBox = (await orderCell.boundingBox())!;
          const wrapBox = (await wrap.boundingBox())!;
          assert.ok(
            Math.abs(cellBox.x - wrapBox.x) <= 1,
            `the order column stays in view (${cellBox.x} vs ${wrapBox.x})`,
          );
        }
        await shot('orders-2');
      });

      test('a member’s ledger: when, event, points, reference, reason and author all readable', async () => {
        await page.goto(`${served.base}/admin/members/k-aijala`);
        await page.getByRole('heading', { name: 'Pistetapahtumat' }).waitFor();
        await assertNoSidewaysScroll(page, 'member');
        await assertEveryColumnReadable(page, '#ledger');
        for (const text of [
          'Palautettu lahjakortti, asiakaspalvelun päätös puhelimessa 9.6.',
          'asiakaspalvelu.paallikko@raportti.example',
        ]) {
          const cell = page.locator('#ledger td', { hasText: text });
          assert.ok(await cell.isVisible(), text);
          const box = (await cell.boundingBox())!;
          assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, `${text} inside the window`);
        }
        await assertEveryColumnReadable(page, '#member-codes');
        await assertCodesOnOneLine(page, '#member-codes');
        await shot('member');
      });

      test('codes: each code on one line, with its value and expiry readable', async () => {
        await page.goto(`${served.base}/admin/codes`);
        await page.locator('#codes').waitFor();
        await assertNoSidewaysScroll(page, 'codes');
        await assertCodesOnOneLine(page, '#codes');
        await assertEveryColumnReadable(page, '#codes');
        await shot('codes');
        assert.deepEqual(problems, [], 'no script errors, no refused resources');
      });
    });
  }
});
