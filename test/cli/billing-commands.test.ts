import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { publishedShop } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { cliDatabase, loyalty } from './support/cli-database.ts';
import { runningService } from './support/running-service.ts';

/** This month in Helsinki, as the commands name it: 'YYYY-MM'. */
function thisMonth(): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Helsinki',
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(new Date());
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

/** One line on stderr, exit code 1. */
function assertOneLineError(run: { code: number | null; stderr: string }, pattern: RegExp) {
  assert.equal(run.code, 1, run.stderr);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0]!, pattern);
}

/** `loyalty billing` on the database itself (PGlite or PostgreSQL): a shop published just now. */
describe('loyalty billing on the database', () => {
  const database = suiteFixture(() => cliDatabase('loyalty-billing-', (ctx) => publishedShop(ctx, 'billed')));

  test('show, price, end and close', async () => {
    const { env } = database;
    const shown = await loyalty(['billing', 'show', '--shop', 'billed'], env);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^Shop billed: published$/m);
    assert.match(shown.stdout, /^Price: 29\.00 EUR a month \+ 1\.50 % commission \(default\)$/m);
    assert.match(shown.stdout, new RegExp(`^${thisMonth()}: open, to date$`, 'm'));
    assert.match(shown.stdout, /^ {2}fee {17}.* monthly fee 29\.00 EUR × \d+\/\d+ days$/m);

    const json = await loyalty(['billing', 'show', '--shop', 'billed', '--json'], env);
    const parsed = JSON.parse(json.stdout);
    assert.equal(parsed.account.object, 'billing_account');
    assert.equal(parsed.month.object, 'billing_month');
    assert.equal(parsed.month.lines[0].kind, 'fee');

    const priced = await loyalty(
      ['billing', 'price', '--shop', 'billed', '--fee-cents', '4900', '--commission-bp', '200'],
      env,
    );
    assert.equal(priced.code, 0, priced.stderr);
    assert.match(priced.stdout, /^Price: 49\.00 EUR a month \+ 2\.00 % commission \(the shop’s own\)$/m);
    assertOneLineError(
      await loyalty(
        ['billing', 'price', '--shop', 'billed', '--fee-cents', '49.00', '--commission-bp', '200'],
        env,
      ),
      /^error: The price is not valid \(monthlyFeeCents: .*whole number of cents.*\) \[invalid_input\]$/,
    );
    assertOneLineError(
      await loyalty(['billing', 'show', '--shop', 'billed', '--month', '2026-13'], env),
      /^error: Expected a month like 2026-12, got "2026-13" .*\[invalid_input\]$/,
    );
    assertOneLineError(
      await loyalty(['billing', 'show', '--shop', 'nope'], env),
      /^error: Shop "nope" does not exist.*\[shop_not_found\]$/,
    );

    const closed = await loyalty(['billing', 'close'], env);
    assert.equal(closed.code, 0, closed.stderr);
    assert.equal(closed.stdout.trim(), 'Nothing to close.', 'this month is still open');

    const ended = await loyalty(['billing', 'end', '--shop', 'billed'], env);
    assert.equal(ended.code, 0, ended.stderr);
    assert.match(ended.stdout, /^Shop billed: ended$/m);
    assert.match(ended.stdout, /^Ended: \d{4}-\d{2}-\d{2}T/m);
  });
});

/**
 * While `loyalty serve` holds the embedded data folder, `loyalty billing` goes through the
 * service's operator API with the local credential it wrote into the folder.
 */
describe('loyalty billing beside a running service on the embedded database', () => {
  const service = runningService('loyalty-billing-serve-');
  const env = service.env;

  /** A shop created with the command line and published through the store API. */
  async function publishedThroughService(shopId: string) {
    const created = await loyalty(['shop', 'create', '--id', shopId, '--name', 'Running'], env);
    assert.equal(created.code, 0, created.stderr);
    const key = JSON.parse(
      (await loyalty(['api-key', 'create', '--shop', shopId, '--name', 'Web shop', '--json'], env)).stdout,
    ).key;
    const call = async (method: string, path: string, body: unknown = {}) => {
      const answer = await fetch(`${service.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.ok(answer.ok, `${method} ${path}: ${answer.status} ${await answer.text()}`);
    };
    await call('PUT', '/v1/store-versions/fi', { name: 'Verkkokauppa', requiresLogin: false });
    await call('POST', '/v1/program');
    await call('PUT', '/v1/program/store-versions/fi');
    await call('POST', '/v1/program/publish');
  }

  test('show, price (and back to the default), close and end go through the service', async () => {
    await publishedThroughService('running');
    const shown = await loyalty(['billing', 'show', '--shop', 'running'], env);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^Shop running: published$/m);
    assert.match(shown.stdout, new RegExp(`^${thisMonth()}: open, to date$`, 'm'));
    const month = await loyalty(
      ['billing', 'show', '--shop', 'running', '--month', thisMonth(), '--json'],
      env,
    );
    assert.equal(month.code, 0, month.stderr);
    assert.equal(JSON.parse(month.stdout).month.month, thisMonth());

    const priced = await loyalty(
      ['billing', 'price', '--shop', 'running', '--fee-cents', '4900', '--commission-bp', '200'],
      env,
    );
    assert.equal(priced.code, 0, priced.stderr);
    assert.match(priced.stdout, /^Price: 49\.00 EUR a month \+ 2\.00 % commission \(the shop’s own\)$/m);
    const reset = await loyalty(['billing', 'price', '--shop', 'running', '--default'], env);
    assert.match(reset.stdout, /\(default\)$/m);
    assertOneLineError(
      await loyalty(
        ['billing', 'price', '--shop', 'running', '--fee-cents', '1', '--commission-bp', '10001'],
        env,
      ),
      /^error: The price is not valid \(commissionBp: .*\) \[invalid_input\]$/,
    );
    assertOneLineError(
      await loyalty(['billing', 'end', '--shop', 'nope'], env),
      /^error: Shop "nope" does not exist.* \[shop_not_found\]$/,
    );

    const closed = await loyalty(['billing', 'close'], env);
    assert.equal(closed.code, 0, closed.stderr);
    assert.equal(closed.stdout.trim(), 'Nothing to close.');
    const one = await loyalty(['billing', 'close', '--shop', 'running'], env);
    assert.equal(one.stdout.trim(), 'Nothing to close.');

    const ended = await loyalty(['billing', 'end', '--shop', 'running'], env);
    assert.equal(ended.code, 0, ended.stderr);
    assert.match(ended.stdout, /^Shop running: ended$/m);
  });
});
