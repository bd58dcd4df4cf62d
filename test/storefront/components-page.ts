import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zxing from '@zxing/library';
import type { Page } from 'playwright-core';
import { setStorefrontOrigins } from '../../src/app/shopper/storefront-origins.ts';
import { ARTIFACTS, type ServedToBrowser, serveToBrowser } from '../support/browser.ts';
import type { TestApp } from '../support/database.ts';
import { prepared } from '../support/suite-fixture.ts';

// The library is CommonJS: its names come from its default export.
const { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } = zxing;
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** Screenshots of the elements, also kept outside the work tree to be looked at. */
export const SCREENS = join(tmpdir(), 'loyalty-storefront-components');

/**
 * A web shop's pages for the test, at http://localhost:<port> (another origin than the service's
 * 127.0.0.1): each path answers the page the test put there; /registered echoes a form's fields.
 */
export async function shopSite() {
  const pages = new Map<string, string>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/registered') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        `<!doctype html><html lang="fi"><title>ok</title><link rel="icon" href="data:,"><pre id="sent">${url.search}</pre></html>`,
      );
      return;
    }
    const page = pages.get(url.pathname);
    response.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  mkdirSync(SCREENS, { recursive: true });
  return {
    origin,
    /** Puts a page at `path` that loads the elements' script from the service and holds `body`. */
    put(path: string, service: string, body: string, head = '') {
      pages.set(
        path,
        `<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>Testikauppa</title><link rel="icon" href="data:,">${head}
<script src="${service}/storefront/v1/loyalty.js" defer></script></head>
<body><main><h1>Testikauppa</h1>${body}</main></body></html>`,
      );
      return `${origin}${path}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The service served to Chromium (`serveToBrowser`, prepared by `setUp`) and a web shop's pages
 * (`shopSite`) at an origin each of `shopIds` lists as its storefront; closed together.
 */
export async function servedWithShopSite(
  executablePath: string,
  shopIds: string[],
  setUp: (app: TestApp) => Promise<void>,
): Promise<ServedToBrowser & { site: Awaited<ReturnType<typeof shopSite>> }> {
  const service = await serveToBrowser(executablePath, setUp);
  const site = await prepared(shopSite(), async (opened) => {
    for (const shopId of shopIds)
      await setStorefrontOrigins(service.ctx, { shopId, origins: [opened.origin] });
  }).catch(async (error) => {
    await service.close();
    throw error;
  });
  return {
    ...service,
    site,
    close: async () => {
      await site.close();
      await service.close();
    },
  };
}

/** The service's shopper requests a page makes (its URLs), counted from when it is made. */
export function shopperRequests(page: Page, service: string): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(`${service}/v1/shopper/`)) seen.push(request.url());
  });
  return seen;
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
  await page.screenshot({ path: join(ARTIFACTS, `components-${name}.png`), fullPage: true });
}

interface AxeResult {
  violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
}

/** axe-core's serious and critical findings on the page (shadow roots included), one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const result = (await page.evaluate('axe.run(document)')) as AxeResult;
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * The text of a QR code drawn as the elements draw it (one path of 1×1 squares in a viewBox), read
 * back by the barcode library the till uses.
 */
export function readQr(path: string, viewBox: string): string {
  const scale = 4;
  const width = Number(viewBox.split(' ')[2]) * scale;
  const pixels = new Uint8ClampedArray(width * width).fill(255);
  for (const [, x, y] of path.matchAll(/M(\d+) (\d+)/g)) {
    for (let dy = 0; dy < scale; dy++)
      pixels.fill(
        0,
        (Number(y) * scale + dy) * width + Number(x) * scale,
        (Number(y) * scale + dy) * width + (Number(x) + 1) * scale,
      );
  }
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(pixels, width, width)));
  return new QRCodeReader().decode(bitmap).getText();
}
