import { mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { buildServer } from '../../src/http/server.ts';
import { createOwner, ownerEmail, PASSWORD } from '../admin/support/admin-client.ts';
import { type TestApp, testApp } from './database.ts';
import type { Requirement } from './requirements.ts';
import { suiteFixture } from './suite-fixture.ts';

/** Where browser tests leave their screenshots (CI keeps the folder). */
export const ARTIFACTS = 'test-artifacts';

/** The flags every browser test starts Chromium with: headless, and nothing that goes online by itself. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts the installed Chromium for a browser test, with the screenshots' folder made. */
export function launchTestBrowser(executablePath: string): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** A page's whole length as a screenshot test-artifacts/<name>.png. */
/** The browser's globals `assertFitsScreen` reads in the page (the project compiles without the DOM types). */
interface PageGlobals {
  document: { documentElement: { scrollWidth: number } };
  innerWidth: number;
}

/** Fails when the page is wider than the screen, i.e. scrolls sideways: `what` names it in the message. */
export async function assertFitsScreen(page: Page, what: string): Promise<void> {
  const width = await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    return { page: w.document.documentElement.scrollWidth, screen: w.innerWidth };
  });
  if (width.page > width.screen) {
    throw new Error(`${what}: ${width.page} px wide on a ${width.screen} px screen`);
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

/** The test app served to a browser: its `close` closes the browser and the server too. */
export interface ServedToBrowser extends Pick<TestApp, 'ctx' | 'clock' | 'close'> {
  /** Where the server listens: http://127.0.0.1:<port>. */
  base: string;
  browser: Browser;
}

/**
 * A test database prepared by `setUp` (a shop, its admin user), the real server on it at a port
 * of its own, and Chromium to drive it: the set-up of the admin's browser tests.
 */
export async function serveToBrowser(
  executablePath: string,
  setUp: (app: TestApp) => Promise<void>,
): Promise<ServedToBrowser> {
  const app = await testApp();
  let server: FastifyInstance | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.close();
    await app.close();
  };
  try {
    await setUp(app);
    server = await buildServer({ ctx: app.ctx });
    const base = await server.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchTestBrowser(executablePath);
    return { ctx: app.ctx, clock: app.clock, base, browser, close };
  } catch (error) {
    // Left open, the database would keep the test process from ending after the failure.
    await close();
    throw error;
  }
}

/**
 * A describe's serveToBrowser (a suiteFixture) on the Chromium `chromium` finds, with the shop made
 * by `makeShop` and its owner (createOwner), who signs in with ownerPage.
 */
export function servedToOwner(
  chromium: Requirement,
  shopId: string,
  makeShop: (app: TestApp) => Promise<unknown>,
): ServedToBrowser {
  return suiteFixture(() =>
    serveToBrowser(chromium.get(), async (app) => {
      await makeShop(app);
      await createOwner(app.ctx, shopId);
    }),
  );
}

export interface WatchedPageOptions extends BrowserContextOptions {
  /** How long a step may wait for the page (a busy machine is slow): 10 s unless said. */
  timeout?: number;
  /** Put before each problem, to tell apart the pages of one test (a window's size). */
  label?: string;
  /** Console errors the test provokes on purpose (a refusal's status), not counted as problems. */
  expected?: RegExp;
}

/**
 * A new page in a browser context of its own; its script errors and console errors are added to
 * `problems`, which the test finds empty at its end.
 */
export async function watchedPage(
  browser: Browser,
  problems: string[],
  options: WatchedPageOptions = {},
): Promise<Page> {
  const { timeout = 10_000, label, expected, ...contextOptions } = options;
  const prefix = label ? `${label} ` : '';
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.on('pageerror', (e) => problems.push(`${prefix}page error: ${e.message}`));
  page.on('console', (m) => {
    // A failed load names its address only in the message's location: kept, to say which request it was.
    const address = m.location().url;
    if (m.type() === 'error' && !expected?.test(m.text()))
      problems.push(`${prefix}console: ${m.text()}${address ? ` (${address})` : ''}`);
  });
  return page;
}

/**
 * A watchedPage in the admin's language, signed in to the shop's admin as its owner (createOwner):
 * the set-up of a browser test that starts on the admin's pages.
 */
export async function ownerPage(
  served: ServedToBrowser,
  problems: string[],
  shop: string,
  language: 'fi' | 'en',
  options: WatchedPageOptions = {},
): Promise<Page> {
  const locale = language === 'fi' ? 'fi-FI' : 'en-GB';
  const page = await watchedPage(served.browser, problems, { locale, ...options });
  await signInInBrowser(page, served.base, { shop, email: ownerEmail(shop), password: PASSWORD, language });
  return page;
}

/** The sign-in form's words in the admin's two languages. */
const SIGN_IN_WORDS = {
  fi: { email: 'Sähköposti', password: 'Salasana', button: 'Kirjaudu' },
  en: { email: 'E-mail', password: 'Password', button: 'Sign in' },
};

/** Signs in to a shop's admin through its sign-in page, in the browser's language, and waits for the program page. */
export async function signInInBrowser(
  page: Page,
  base: string,
  user: { shop: string; email: string; password: string; language: 'fi' | 'en' },
): Promise<void> {
  const words = SIGN_IN_WORDS[user.language];
  await page.goto(`${base}/admin/login?shop=${user.shop}`);
  await page.getByLabel(words.email).fill(user.email);
  await page.getByLabel(words.password).fill(user.password);
  await page.getByRole('button', { name: words.button }).click();
  await page.waitForURL(/\/admin\/program/);
}
