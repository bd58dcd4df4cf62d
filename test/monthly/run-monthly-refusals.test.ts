import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { duePeriods, runDueMonths } from '../../src/app/monthly/due-months.ts';
import { runMonthlyConversion } from '../../src/app/monthly/run-monthly-conversion.ts';
import { ManualClock } from '../../src/clock.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { loyalty } from '../cli/support/cli-database.ts';
import {
  migratedPGlite,
  type TestApp,
  type TestDatabase,
  testApp,
  testDatabase,
} from '../support/database.ts';
import { publishedShop } from '../support/fixtures.ts';
import { codesOf, local, memberWithPoints } from './support.ts';

const HELSINKI = 'Europe/Helsinki';
const PUBLISHED = local('2026-03-15 12:00');

/** The pure rule, loaded when the test runs (so that the other tests report on their own). */
async function rule() {
  return import('../../src/domain/conversion/convertible-months.ts');
}

const runs = (completed: string[] = [], unfinished: string[] = []) => ({
  completed: new Set(completed),
  unfinished: new Set(unfinished),
});

describe('which months may run: the rule', () => {
  test('a month before the program was published, or the publishing month itself, is refused', async () => {
    const { monthRunRefusal } = await rule();
    const ask = (period: string) =>
      monthRunRefusal({
        period,
        now: local('2026-06-10 12:00'),
        timeZone: HELSINKI,
        publishedAt: PUBLISHED,
        runs: runs(),
      });
    assert.equal(ask('2026-02')?.reason, 'before_publication');
    assert.equal(ask('2026-03')?.reason, 'before_publication');
    assert.match(ask('2026-02')!.message, /first month converted is 2026-04/);
    assert.equal(ask('2026-04'), null);
    assert.equal(ask('2026-06'), null);
    assert.equal(ask('2026-07')?.reason, 'not_begun');
  });

  test('a month older than one converted or being converted is refused; its own run is not', async () => {
    const { monthRunRefusal } = await rule();
    const ask = (period: string, done: string[], unfinished: string[] = []) =>
      monthRunRefusal({
        period,
        now: local('2026-07-10 12:00'),
        timeZone: HELSINKI,
        publishedAt: PUBLISHED,
        runs: runs(done, unfinished),
      });
    const older = ask('2026-05', ['2026-04', '2026-06']);
    assert.equal(older?.reason, 'older_than_converted');
    assert.match(older!.message, /2026-05 is older than 2026-06/);
    assert.equal(ask('2026-05', [], ['2026-06'])?.reason, 'older_than_converted');
    assert.equal(ask('2026-06', ['2026-06']), null, 'running a converted month again reports it done');
    assert.equal(ask('2026-05', ['2026-06'], ['2026-05']), null, 'a run left unfinished is finished');
    assert.equal(ask('2026-07', ['2026-06']), null);
  });

  test('the months due never include one the rule refuses', () => {
    // 2026-06 was run by hand while 2026-05 was still missing: 2026-05 is no longer due.
    assert.deepEqual(
      duePeriods({
        publishedAt: PUBLISHED,
        timeZone: HELSINKI,
        now: local('2026-07-10 12:00'),
        completed: new Set(['2026-04']),
        unfinished: new Set(['2026-06']),
      }),
      ['2026-06', '2026-07'],
    );
  });
});

describe('the use case refuses them, whoever calls it', () => {
  let app: TestApp;
  before(async () => {
    app = await testApp(PUBLISHED.toISOString());
    await publishedShop(app.ctx, 'pub');
    await memberWithPoints(app.ctx, 'pub', 'm1', 1400);
  });
  after(() => app.close());

  const refused = (reason: RegExp) => (error: unknown) =>
    error instanceof DomainError && error.code === 'invalid_input' && reason.test(error.message);

  test('a month before publishing is refused and nothing is written', async () => {
    app.clock.set(local('2026-05-10 12:00'));
    await assert.rejects(
      runMonthlyConversion(app.ctx, { shopId: 'pub', period: '2026-02' }),
      refused(/before the program was published/),
    );
    await assert.rejects(
      runMonthlyConversion(app.ctx, { shopId: 'pub', period: '2026-03' }),
      refused(/before the program was published/),
    );
    const records = await app.ctx.db.selectFrom('monthly_runs').select('period').execute();
    assert.deepEqual(records, []);
    assert.deepEqual(await codesOf(app.ctx, 'pub', 'm1'), []);
  });

  test('an older month after a newer one was converted is refused', async () => {
    app.clock.set(local('2026-05-10 12:00'));
    await runMonthlyConversion(app.ctx, { shopId: 'pub', period: '2026-05' });
    await assert.rejects(
      runMonthlyConversion(app.ctx, { shopId: 'pub', period: '2026-04' }),
      refused(/2026-04 is older than 2026-05/),
    );
    const codes = await codesOf(app.ctx, 'pub', 'm1');
    assert.deepEqual(
      codes.map((c) => c.period),
      ['2026-05'],
    );
    const again = await runMonthlyConversion(app.ctx, { shopId: 'pub', period: '2026-05' });
    assert.equal(again.outcome, 'already_completed');
  });

  test('the due months of an unknown shop: the shop does not exist', async () => {
    await assert.rejects(
      runDueMonths(app.ctx, { shopId: 'nosuch' }),
      (error: unknown) => error instanceof DomainError && error.code === 'shop_not_found',
    );
  });
});

describe('loyalty run-monthly refuses with one line and exit code 1', () => {
  let dir: string | undefined;
  let database: TestDatabase | DatabaseHandle;
  let where: string[];
  before(async () => {
    if (process.env.TEST_DATABASE_URL) {
      const tdb = await testDatabase();
      database = tdb;
      where = ['--database-url', tdb.url!];
    } else {
      dir = mkdtempSync(join(tmpdir(), 'loyalty-refusals-'));
      database = await migratedPGlite(join(dir, 'db'));
      where = ['--data-dir', join(dir, 'db')];
    }
    // Published in March 2026 (the command itself runs on the real clock, after it).
    const clock = new ManualClock(PUBLISHED);
    const ctx = { db: database.db, clock };
    await publishedShop(ctx, 'cli');
    await memberWithPoints(ctx, 'cli', 'm1', 600);
    clock.set(local('2026-05-01 00:00'));
    await runMonthlyConversion(ctx, { shopId: 'cli', period: '2026-05', mail: false });
    // The embedded database takes one process at a time: the command opens it after this.
    if (dir) await database.close();
  });
  after(async () => {
    if (!dir) await database.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const runMonthly = (...args: string[]) =>
    loyalty([...where, 'run-monthly', ...args], { DATABASE_URL: '', LOYALTY_LOG: 'silent' });

  const oneLine = (result: { code: number | null; stderr: string; stdout: string }, pattern: RegExp) => {
    assert.equal(result.code, 1, result.stdout + result.stderr);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, pattern);
    assert.doesNotMatch(result.stdout, /Nothing to convert/);
  };

  test('an unknown shop, without and with --month', async () => {
    oneLine(await runMonthly('--shop', 'nosuch'), /^error: Shop "nosuch" does not exist/);
    oneLine(
      await runMonthly('--shop', 'nosuch', '--month', '2026-05'),
      /^error: Shop "nosuch" does not exist/,
    );
  });

  test('a month before the program was published', async () => {
    oneLine(
      await runMonthly('--shop', 'cli', '--month', '2026-01'),
      /^error: 2026-01 is before the program was published .*first month converted is 2026-04/,
    );
  });

  test('a month older than one already converted', async () => {
    oneLine(
      await runMonthly('--shop', 'cli', '--month', '2026-04'),
      /^error: 2026-04 is older than 2026-05, which is already converted/,
    );
  });
});
