import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readShopApiRateLimit } from '../../src/app/shops/api-rate-limit.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import { systemClock } from '../../src/clock.ts';
import { type DatabaseHandle, openPGlite } from '../../src/db/connect.ts';
import { migrate } from '../../src/db/migrate.ts';
import { testDatabase } from '../support/database.ts';

function loyalty(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['bin/loyalty.mjs', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('loyalty shop rate-limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-shop-'));
  let env: Record<string, string>;
  let open: () => Promise<DatabaseHandle>;
  let closePostgres = async () => {};
  before(async () => {
    if (process.env.TEST_DATABASE_URL) {
      const database = await testDatabase();
      env = { DATABASE_URL: database.url! };
      open = async () => ({ ...database, close: async () => {} });
      closePostgres = () => database.close();
    } else {
      env = { DATABASE_URL: '', LOYALTY_DATA_DIR: join(dir, 'db') };
      open = () => openPGlite(join(dir, 'db'));
    }
    const database = await open();
    await migrate(database.db, systemClock.now());
    await createShop(
      { db: database.db, clock: systemClock },
      { id: 'shop1', name: 'Shop', storeVersions: [] },
    );
    await database.close();
  });
  after(async () => {
    await closePostgres();
    rmSync(dir, { recursive: true, force: true });
  });

  async function stored() {
    const database = await open();
    try {
      return await readShopApiRateLimit({ db: database.db, clock: systemClock }, 'shop1');
    } finally {
      await database.close();
    }
  }

  test('sets, shows and clears a shop’s own budget', async () => {
    const set = await loyalty(['shop', 'rate-limit', 'shop1', '--per-second', '5', '--burst', '12'], env);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /5 requests a second, 12 at once/);
    assert.deepEqual(await stored(), { perSecond: 5, burst: 12 });
    const shown = await loyalty(['shop', 'rate-limit', 'shop1'], env);
    assert.match(shown.stdout, /5 requests a second per API key, 12 at once/);
    const cleared = await loyalty(['shop', 'rate-limit', 'shop1', '--default'], env);
    assert.equal(cleared.code, 0, cleared.stderr);
    assert.equal(await stored(), null);
  });

  test('bad input exits 1 with one line saying what is wrong', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['shop1', '--per-second', 'x', '--burst', '3'],
        /--per-second must be a whole number from 1 to 1000000/,
      ],
      [['shop1', '--per-second', '5'], /give both --per-second and --burst/],
      [['shop1', '--default', '--burst', '3'], /--default cannot be combined/],
      [['nope', '--per-second', '5', '--burst', '3'], /Shop "nope" does not exist/],
    ];
    for (const [args, message] of cases) {
      const run = await loyalty(['shop', 'rate-limit', ...args], env);
      assert.equal(run.code, 1, args.join(' '));
      assert.match(run.stderr.split('\n')[0]!, message);
    }
  });
});
