import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readShopApiRateLimit } from '../../src/app/shops/api-rate-limit.ts';
import { systemClock } from '../../src/clock.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { cliDatabase, loyalty } from './support/cli-database.ts';

describe('loyalty shop rate-limit', () => {
  const cli = suiteFixture(() => cliDatabase('loyalty-shop-'));

  async function stored() {
    const database = await cli.open();
    try {
      return await readShopApiRateLimit({ db: database.db, clock: systemClock }, 'shop1');
    } finally {
      await database.close();
    }
  }

  test('sets, shows and clears a shop’s own budget', async () => {
    const set = await loyalty(['shop', 'rate-limit', 'shop1', '--per-second', '5', '--burst', '12'], cli.env);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /5 requests a second, 12 at once/);
    assert.deepEqual(await stored(), { perSecond: 5, burst: 12 });
    const shown = await loyalty(['shop', 'rate-limit', 'shop1'], cli.env);
    assert.match(shown.stdout, /5 requests a second per API key, 12 at once/);
    const cleared = await loyalty(['shop', 'rate-limit', 'shop1', '--default'], cli.env);
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
      const run = await loyalty(['shop', 'rate-limit', ...args], cli.env);
      assert.equal(run.code, 1, args.join(' '));
      assert.match(run.stderr.split('\n')[0]!, message);
    }
  });
});
