import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { Browser, Locator, Page } from 'playwright-core';
import { loyalty } from '../cli/support/cli-database.ts';
import { launchTestBrowser, screenshot, watchedPage } from '../support/browser.ts';
import { browserRequirement } from '../support/requirements.ts';
import { addWebShopFromChecklist, createApiKeyOnPage, tickedSteps } from './support/checklist-steps.ts';

const CHROMIUM = browserRequirement();
const ZONE = 'Europe/Helsinki';

/**
 * A shop's first hour with nothing but what a new merchant gets: the service started as
 * `npm start` starts it on a fresh data folder, the shop made with `loyalty shop create` beside
 * it, then the admin in a Finnish browser (sign in with the printed password, the checklist, a
 * store version, an API key), the key used with curl, the program started after the confirmation
 * that billing starts, and the billing page with this month to date.
 *
 * The service runs on the system clock (it has no clock to inject from outside), so the fee's
 * days are checked against the start date the page shows, and that date against today.
 */
describe('a brand-new shop’s first hour, from the command line to the bill', {
  timeout: 300_000,
  skip: CHROMIUM.skip,
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-new-shop-'));
  const env = {
    DATABASE_URL: '',
    LOYALTY_DATA_DIR: join(dir, 'data'),
    LOYALTY_SEED_DEMO: 'false',
    // Errors only: a failing step shows what the service logged.
    LOYALTY_LOG: 'error',
  };
  let service: ChildProcess | undefined;
  let serviceOutput = () => '';
  let base = '';
  let browser: Browser | undefined;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    const executablePath = CHROMIUM.get();
    ({ child: service, url: base, output: serviceOutput } = await startService(env));
    browser = await launchTestBrowser(executablePath);
    page = await watchedPage(browser, problems, {
      viewport: { width: 1280, height: 900 },
      locale: 'fi-FI',
      timeout: 15_000,
    });
  });
  after(async () => {
    await browser?.close();
    if (service && service.exitCode === null) {
      const exited = new Promise((resolve) => service!.on('close', resolve));
      service.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /** One step of the journey: a failure names the step and leaves a screenshot of where it was. */
  const step = async (name: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      await screenshot(page, 'new-shop-journey-failed');
      const logged = serviceOutput().split('\n').slice(-20).join('\n');
      throw new Error(
        `Step "${name}" failed: ${error instanceof Error ? error.message : error}\nThe service's last lines:\n${logged}`,
        { cause: error },
      );
    }
    await screenshot(page, `new-shop-journey-${slug(name)}`);
  };
  /** What the merchant reads, rendered (cells apart, hidden text left out), each run of spaces as one. */
  const textOf = async (selector: string | Locator) => {
    const locator = typeof selector === 'string' ? page.locator(selector) : selector;
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what the merchant reads
    return (await locator.innerText()).replace(/\s+/g, ' ').trim();
  };

  test('create the shop, sign in, add a version, make a key, use it, start the program, see the bill', async () => {
    let password = '';
    let signInLink = '';
    let apiKey = '';
    const api = (method: string, path: string, body?: unknown) => curl(base, apiKey, method, path, body);

    await step('create the shop from the command line', async () => {
      const created = await loyalty(
        [
          'shop',
          'create',
          '--id',
          'kahvila',
          '--name',
          'Kahvila Aroma',
          '--admin-email',
          'owner@kahvila.example',
        ],
        env,
      );
      assert.equal(created.code, 0, created.stderr);
      assert.match(
        created.stdout,
        /Created shop kahvila \("Kahvila Aroma"\): time zone Europe\/Helsinki, language fi/,
      );
      password = /password \(shown only now\): (\S+)/.exec(created.stdout)?.[1] ?? '';
      signInLink = /Sign in at (\S+)/.exec(created.stdout)?.[1] ?? '';
      assert.ok(password.length >= 12, created.stdout);
      assert.equal(signInLink, `${base}/admin/login?shop=kahvila`, 'the link leads to the running service');
    });

    await step('sign in with the printed password: the checklist', async () => {
      await page.goto(signInLink);
      assert.equal(await page.getByLabel('Kaupan tunnus').inputValue(), 'kahvila');
      await page.getByLabel('Sähköposti').fill('owner@kahvila.example');
      await page.getByLabel('Salasana').fill(password);
      await page.getByRole('button', { name: 'Kirjaudu' }).click();
      await page.getByRole('heading', { name: 'Käyttöönotto' }).waitFor();
      assert.deepEqual(await tickedSteps(page), []);
      assert.match(await textOf('#checklist'), /Lisää kauppaversiot.*Luo API-avain.*Käynnistä ohjelma/);
    });

    await step('add a store version', async () => {
      await addWebShopFromChecklist(page);
    });

    await step('create an API key, shown once; reloading shows none and makes none', async () => {
      await page.getByRole('link', { name: 'API-avaimet' }).first().click();
      apiKey = await createApiKeyOnPage(page, 'Verkkokauppa');
      assert.match(apiKey, /^lk_live_[A-Za-z0-9_-]{43}$/);
      assert.match(await textOf('#created-help'), /näytetään vain tämän kerran/);
      assert.equal(page.url(), `${base}/admin/api-keys`, 'the key is not in the address');
      await page.reload();
      await page.getByRole('heading', { name: 'Avaimet', exact: true }).waitFor();
      assert.equal(await page.locator('#new-key').count(), 0, 'not shown again');
      assert.doesNotMatch(await page.content(), new RegExp(apiKey));
      assert.equal(await page.locator('#api-keys tbody tr').count(), 1, 'the reload made no key');
      assert.match(await textOf('#api-keys tbody tr'), /Verkkokauppa lk_live_.{4}… Täydet oikeudet/);
    });

    await step('use the key with curl', async () => {
      const me = await api('GET', '/v1/api-key');
      assert.equal(me.status, 200);
      assert.deepEqual([me.json.shopId, me.json.name, me.json.readOnly], ['kahvila', 'Verkkokauppa', false]);
      await page.getByRole('link', { name: 'Kanta-asiakasohjelma' }).first().click();
      assert.deepEqual(await tickedSteps(page), ['versions', 'api-key', 'integration']);
    });

    await step('create the program and show it in the web shop', async () => {
      await page.getByRole('button', { name: 'Luo kanta-asiakasohjelma' }).click();
      await page.getByText(/Kanta-asiakasohjelma luotiin esiasetuksista/).waitFor();
      await page.locator('li[data-version="fi"]').getByRole('button', { name: 'Näytä tässä' }).click();
      await page.getByText('Ohjelma näkyy nyt versiossa Verkkokauppa.').waitFor();
      assert.deepEqual(await tickedSteps(page), ['versions', 'api-key', 'integration', 'settings']);
    });

    let balanceBefore = 0;
    await step('before the start: a member’s order is recorded but earns nothing', async () => {
      const customer = await api('PUT', '/v1/customers/c-1', {
        email: 'anna@example.com',
        name: 'Anna Virtanen',
        language: 'fi',
        registeredAt: new Date().toISOString(),
      });
      assert.equal(customer.status, 201, JSON.stringify(customer.json));
      const joined = await api('POST', '/v1/members', { customerId: 'c-1', source: 'registration' });
      assert.equal(joined.status, 201, JSON.stringify(joined.json));
      const placed = await api(
        'POST',
        '/v1/orders',
        order('o-1', [{ productId: 'kahvi', quantity: 1, unitPriceCents: 2500 }]),
      );
      assert.equal(placed.status, 201, JSON.stringify(placed.json));
      assert.deepEqual([placed.json.earns, placed.json.notEarningReason], [false, 'program_not_published']);
      const delivered = await api('POST', '/v1/orders/o-1/deliver', {});
      assert.equal(delivered.status, 200, JSON.stringify(delivered.json));
      assert.equal(delivered.json.pointsEarned, 0);
      const member = await api('GET', '/v1/members/c-1');
      assert.equal(member.status, 200);
      assert.equal(member.json.membership.active, true);
      balanceBefore = member.json.balance;
    });

    let startedBetween: [Date, Date] = [new Date(0), new Date(0)];
    await step('start the program after the confirmation that billing starts now', async () => {
      await page.getByRole('button', { name: 'Käynnistä kanta-asiakasohjelma' }).click();
      await page.getByRole('heading', { name: 'Käynnistetäänkö kanta-asiakasohjelma?' }).waitFor();
      assert.match(await textOf('#confirm-text'), /^Laskutus alkaa nyt/);
      const asked = new Date();
      await page.getByRole('button', { name: /Kyllä, käynnistä ohjelma/ }).click();
      await page.getByText('Kanta-asiakasohjelma on käynnissä.').waitFor();
      startedBetween = [asked, new Date()];
      assert.equal(await page.locator('#checklist').count(), 0, 'the checklist goes once the program runs');
    });

    await step('after the start: a member’s delivered order earns points', async () => {
      const placed = await api(
        'POST',
        '/v1/orders',
        order('o-2', [{ productId: 'papu', quantity: 2, unitPriceCents: 4990 }]),
      );
      assert.equal(placed.status, 201, JSON.stringify(placed.json));
      assert.equal(placed.json.earns, true);
      const delivered = await api('POST', '/v1/orders/o-2/deliver', {});
      assert.equal(delivered.status, 200);
      assert.ok(delivered.json.pointsEarned > 0, JSON.stringify(delivered.json));
      const member = await api('GET', '/v1/members/c-1');
      assert.equal(member.json.balance, balanceBefore + delivered.json.pointsEarned);
    });

    await step('the billing page: this month to date, the fee pro rata and the commission', async () => {
      await page.getByRole('link', { name: 'Laskutus' }).first().click();
      await page.getByRole('heading', { name: 'Laskutus', exact: true }).waitFor();
      const account = await textOf('#billing-account');
      assert.match(account, /Tilaus Laskutus käynnissä/);
      assert.match(account, /Hinta 29,00 € kuukaudessa \+ 1,5 % jäsenten toimitettujen tilausten arvosta/);
      const started = /Laskutus alkoi (\d{1,2})\.(\d{1,2})\.(\d{4})/.exec(account);
      assert.ok(started, account);
      const [day, month, year] = started.slice(1).map(Number) as [number, number, number];
      const today = startedBetween.map(helsinkiDate);
      assert.ok(
        today.some((d) => d.day === day && d.month === month && d.year === year),
        `billing started on ${day}.${month}.${year}, the day the program was started`,
      );
      const monthDays = new Date(Date.UTC(year, month, 0)).getUTCDate();
      const days = monthDays - day + 1;
      const fee = Math.floor((2900 * days * 2 + monthDays) / (2 * monthDays)); // half up
      const monthName = new Intl.DateTimeFormat('fi-FI', {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(new Date(Date.UTC(year, month - 1, 1)));
      assert.match(
        await textOf(page.locator('h2', { hasText: 'tähän mennessä' })),
        new RegExp(`^${monthName}, tähän mennessä$`),
      );
      assert.equal(await page.locator('#billing-lines').getAttribute('data-status'), 'open');
      assert.equal(
        await textOf('#billing-lines tr[data-kind="fee"]'),
        `Kuukausimaksu 29,00 € × ${days}/${monthDays} päivää ${euros(fee)}`,
      );
      assert.equal(
        await textOf('#billing-lines tr[data-kind="commission"]'),
        `Provisio 1,5 % summasta 99,80 € ${euros(150)}`,
        'only the order delivered while billing runs',
      );
      assert.equal(await textOf('#billing-total'), euros(fee + 150));
    });

    assert.deepEqual(problems, [], 'no script errors, no refused resources');
  });
});

/** Starts `loyalty serve` as `npm start` does (with its jobs) and waits for the address it prints. */
async function startService(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['bin/loyalty.mjs', 'serve', '--port', '0'], {
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  child.stdout!.on('data', (d) => (output += d));
  // However long the first start takes (it creates the database): the address, or the exit.
  const url = await new Promise<string>((resolve, reject) => {
    child.on('close', (code, signal) =>
      reject(new Error(`serve ended (${signal ?? code}) without printing its address: ${output}`)),
    );
    child.stdout!.on('data', () => {
      const match = /Open (http:\/\/127\.0\.0\.1:\d+)\/admin/.exec(output);
      if (match) resolve(match[1]!);
    });
  });
  return { child, url, output: () => output };
}

const run = promisify(execFile);

/** One request with the real curl, as a merchant's developer would try the key. */
async function curl(base: string, key: string, method: string, path: string, body?: unknown) {
  const args = ['-sS', '-X', method, '-H', `Authorization: Bearer ${key}`, '-w', '\n%{http_code}'];
  if (body !== undefined)
    args.push('-H', 'Content-Type: application/json', '--data-binary', JSON.stringify(body));
  const { stdout } = await run('curl', [...args, `${base}${path}`]);
  const cut = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(cut + 1)), json: JSON.parse(stdout.slice(0, cut)) };
}

/** A logged-in web order of customer c-1 in the Finnish web shop, placed now. */
function order(id: string, lines: { productId: string; quantity: number; unitPriceCents: number }[]) {
  return {
    id,
    customerId: 'c-1',
    storeVersionId: 'fi',
    loggedIn: true,
    placedAt: new Date().toISOString(),
    lines,
  };
}

function helsinkiDate(at: Date): { day: number; month: number; year: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { day: part('day'), month: part('month'), year: part('year') };
}

/** Euros the way the Finnish admin writes them, spaces made plain as in `textOf`. */
function euros(cents: number): string {
  return new Intl.NumberFormat('fi-FI', { style: 'currency', currency: 'EUR' })
    .format(cents / 100)
    .replace(/\s+/g, ' ');
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}
