import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { demoAdminHook } from '../../src/admin/demo-admin.ts';
import { signIn } from '../../src/app/admin-users/sessions.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import { readConfig } from '../../src/config.ts';
import { cliDatabase, loyalty } from '../cli/support/cli-database.ts';
import { testApp } from '../support/database.ts';
import { newShop } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';

describe('loyalty admin-user', () => {
  const cli = suiteFixture(() => cliDatabase('loyalty-admin-cli-', (ctx) => newShop(ctx, 'cli-shop')));

  /** The command told where the database is by its options, not by the environment. */
  const createAdminUser = (email: string, ...options: string[]) => {
    const { DATABASE_URL, LOYALTY_DATA_DIR } = cli.env;
    const where = DATABASE_URL ? ['--database-url', DATABASE_URL] : ['--data-dir', LOYALTY_DATA_DIR!];
    return loyalty([...where, 'admin-user', 'create', '--shop', 'cli-shop', '--email', email, ...options], {
      DATABASE_URL: '',
    });
  };

  test('create without a password generates one and prints it once', async () => {
    const result = await createAdminUser('Owner@Shop.example');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Created admin user Owner@Shop\.example for shop cli-shop\./);
    const password = /Password \(shown only now\): (\S+)/.exec(result.stdout)?.[1];
    assert.ok(password && password.length === 16, result.stdout);
    assert.match(result.stdout, /Sign in at http:\/\/127\.0\.0\.1:3000\/admin\/login\?shop=cli-shop/);
  });

  test('the same address again ends with one line and exit code 1', async () => {
    const again = await createAdminUser('owner@shop.example', '--password', 'long enough pw');
    assert.equal(again.code, 1);
    assert.equal(again.stderr.trim().split('\n').length, 1);
    assert.match(again.stderr, /already has a user owner@shop\.example .*\[admin_user_exists\]/);
  });
});

describe('demo admin at start', () => {
  const app = suiteFixture(() => testApp());

  test('creates demo@example.com once the demo shop exists, and prints where and how to sign in', async () => {
    const lines: string[] = [];
    const config = readConfig({ PORT: '4100' });
    await demoAdminHook({ ctx: app.ctx, config, log: (l) => lines.push(l) });
    assert.equal(lines.length, 0, 'no demo shop, nothing to do');
    await createShop(app.ctx, { id: 'demo', name: 'Demo', storeVersions: [] });
    await demoAdminHook({ ctx: app.ctx, config, log: (l) => lines.push(l) });
    const text = lines.join('\n');
    assert.match(text, /http:\/\/127\.0\.0\.1:4100\/admin\/login\?shop=demo/);
    const password = /password (\S+) \(shown only now/.exec(text)?.[1];
    assert.ok(password);
    assert.ok(await signIn(app.ctx, { shopId: 'demo', email: 'demo@example.com', password }));
    lines.length = 0;
    await demoAdminHook({ ctx: app.ctx, config, log: (l) => lines.push(l) });
    assert.equal(lines.length, 0, 'the next start leaves the user as it is');
  });
});
