import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cliDatabase, loyalty } from '../cli/support/cli-database.ts';
import { runningService } from '../cli/support/running-service.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { movingShop, sample, scratchFiles } from './support.ts';

const BAD_ORDERS =
  'order_id,placed_at,customer_id,store_version_id,product_id,quantity,unit_price\n' +
  'o1,2025-04-01T10:00:00,c1001,fi,p1,1,10.00\n' +
  'o2,2025-04-01T10:00:00+03:00,c1001,fi,p1,-1,10.00\n';

/** `loyalty import` on the database itself (PGlite or PostgreSQL). */
describe('loyalty import on the database', () => {
  const database = suiteFixture(async () => {
    const cli = await cliDatabase('loyalty-import-', (ctx) => movingShop(ctx, 'cli'));
    const files = scratchFiles();
    const close = async () => {
      files.close();
      await cli.close();
    };
    return { env: cli.env, files, close };
  });

  test('a good file: exit code 0 and one summary line; again: nothing new', async () => {
    const run = await loyalty(
      ['import', 'customers', sample('customers.csv'), '--shop', 'cli'],
      database.env,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout.trim(),
      'Imported customers.csv into shop cli: 3 customers in the file, 3 written, 0 already in the shop (left as they were), ' +
        '2 consents to marketing recorded, 0 consents to marketing left as they were.',
    );
    const orders = await loyalty(
      ['import', 'orders', sample('orders-semicolon.csv'), '--shop', 'cli', '--decimal-comma'],
      database.env,
    );
    assert.equal(orders.code, 0, orders.stderr);
    assert.match(
      orders.stdout,
      /^Imported orders-semicolon\.csv into shop cli: 2 orders in the file, 2 written, .*3 order lines/,
    );
    const again = await loyalty(
      ['import', 'customers', sample('customers.csv'), '--shop', 'cli'],
      database.env,
    );
    assert.match(again.stdout, /3 customers in the file, 0 written, 3 already in the shop/);
  });

  test('a bad file: its problems one a line on stderr, exit code 1, nothing imported', async () => {
    const path = database.files.write('bad-orders.csv', BAD_ORDERS);
    const run = await loyalty(['import', 'orders', path, '--shop', 'cli'], database.env);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    const lines = run.stderr.trim().split('\n');
    assert.match(
      lines[0]!,
      /^bad-orders\.csv:2: placed_at "2025-04-01T10:00:00": Give the time with its offset from UTC/,
    );
    assert.match(lines[1]!, /^bad-orders\.csv:3: quantity "-1": Cannot be negative/);
    assert.equal(
      lines[2],
      'Nothing was imported from bad-orders.csv: 2 problems; fix the file and import it again.',
    );
    const checked = await loyalty(['import', 'orders', path, '--shop', 'cli', '--check-only'], database.env);
    assert.equal(checked.code, 1);
  });

  test('wrong arguments: one line saying what to do, exit code 1', async () => {
    for (const [args, pattern] of [
      [
        ['import', 'widgets', sample('orders.csv'), '--shop', 'cli'],
        /^error: Import what\? Give one of customers, members, orders/,
      ],
      [['import', 'orders', 'no-such-file.csv', '--shop', 'cli'], /^error: Cannot read no-such-file\.csv/],
      [
        ['import', 'orders', sample('orders.csv'), '--shop', 'cli', '--separator', '|'],
        /^error: --separator takes/,
      ],
      [['import', 'customers', sample('customers.csv'), '--shop', 'nope'], /\[shop_not_found\]$/],
    ] as const) {
      const run = await loyalty([...args], database.env);
      assert.equal(run.code, 1, run.stderr);
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0]!, pattern);
    }
  });
});

/** While `loyalty serve` holds the embedded data folder, the file goes through the service. */
describe('loyalty import beside a running service', () => {
  const service = runningService('loyalty-import-serve-');

  test('the file is imported by the service, with the same summary and problems', async () => {
    const created = await loyalty(['shop', 'create', '--id', 'served', '--name', 'Served'], service.env);
    assert.equal(created.code, 0, created.stderr);
    const run = await loyalty(
      ['import', 'customers', sample('customers.csv'), '--shop', 'served'],
      service.env,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Imported customers\.csv into shop served: 3 customers in the file, 3 written/);
    const path = join(service.dir, 'members.csv');
    writeFileSync(
      path,
      'customer_id,joined_at,opening_balance\nc1001,2025-01-10T09:05:00Z,50\nghost,2025-01-10T09:05:00Z,5\n',
    );
    const bad = await loyalty(['import', 'members', path, '--shop', 'served'], service.env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^members\.csv:3: customer_id "ghost": The shop has no such customer/m);
    const members = await loyalty(
      ['import', 'members', sample('members.csv'), '--shop', 'served'],
      service.env,
    );
    assert.equal(members.code, 0, members.stderr);
    assert.match(
      members.stdout,
      /2 joined the program, 0 already members, 1 opening balances posted, 120 points/,
    );
  });
});
