import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { type MonthlyPayload, renderMonthlyMessage } from '../../src/app/mail/monthly-message.ts';
import { ARTIFACTS, launchTestBrowser } from '../support/browser.ts';
import { browserRequirement } from '../support/requirements.ts';

const CHROMIUM = browserRequirement();

/** The browser's globals the check reads (the project compiles without the DOM types). */
interface PageGlobals {
  document: {
    documentElement: { scrollWidth: number };
    querySelectorAll(selector: string): ArrayLike<{ getClientRects(): ArrayLike<{ top: number }> }>;
  };
  innerWidth: number;
}

const payload: MonthlyPayload = {
  period: '2026-12',
  name: 'Aino Äijälä-Öberg',
  balance: 1400,
  codes: [
    { code: 'ABCD-EFGH-JKMN-P', valueCents: 4000, expiresAt: '2027-02-28T22:00:00+00:00' },
    { code: 'WXYZ-2345-6789-B', valueCents: 150000, expiresAt: '2027-03-31T21:00:00+00:00' },
  ],
};

/** The monthly e-mail's HTML as a phone shows it: 390 px wide, nothing to scroll sideways. */
describe('the monthly e-mail on a phone', { timeout: 60_000, skip: CHROMIUM.skip }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchTestBrowser(CHROMIUM.get());
  });
  after(() => browser?.close());

  for (const language of ['fi', 'en'] as const) {
    test(`in ${language === 'fi' ? 'Finnish' : 'English'}: fits 390 px, every code on one line`, async () => {
      const { html } = renderMonthlyMessage(payload, {
        shopId: 'kauppa',
        shopName: 'Kodin Tarvike- ja Sisustusliike Ylöjärvi',
        programName: 'Kanta-asiakasohjelma',
        language,
        timeZone: 'Europe/Helsinki',
        fromAddress: 'etuklubi@kauppa.example',
        replyTo: null,
        myAccountUrl: 'https://kauppa.example/oma-tili/kanta-asiakkuus/tiedot-ja-edut-yhdella-silmayksella',
        introPageUrl: 'https://kauppa.example/etuklubi',
      });
      // As a phone: the page is laid out at the width the viewport tag asks for (980 px without one).
      const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
      try {
        await page.setContent(html);
        const seen = await page.evaluate(() => {
          const w = globalThis as unknown as PageGlobals;
          const codes = Array.from(w.document.querySelectorAll('strong'), (code) => {
            return new Set(Array.from(code.getClientRects(), (r) => Math.round(r.top))).size;
          });
          return { scroll: w.document.documentElement.scrollWidth, width: w.innerWidth, codes };
        });
        assert.equal(seen.width, 390, 'laid out at the phone’s width (the viewport tag)');
        assert.ok(seen.scroll <= seen.width, `nothing to scroll sideways: ${seen.scroll} px`);
        assert.ok(seen.codes.length >= 2);
        for (const lines of seen.codes) assert.equal(lines, 1, 'a code on one line');
        for (const text of language === 'fi'
          ? ['1\u00a0500,00\u00a0€', '31.3.2027 klo 23.59']
          : ['€1,500.00', '31 March 2027 at 23:59']) {
          assert.ok(await page.getByText(text).isVisible(), text);
        }
        await page.screenshot({ path: `${ARTIFACTS}/monthly-email-${language}-390.png`, fullPage: true });
      } finally {
        await page.close();
      }
    });
  }
});
