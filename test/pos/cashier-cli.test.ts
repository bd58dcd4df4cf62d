import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { signIn } from '../../src/app/admin-users/sessions.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import { systemClock } from '../../src/clock.ts';
import { openPGlite } from '../../src/db/connect.ts';
import { loyalty } from '../cli/support/cli-database.ts';
import { runningService } from '../cli/support/running-service.ts';
import { migratedPGlite, testDatabase } from '../support/database.ts';

/** `loyalty admin-user create --role cashier`: a user who signs in to the till only. */
describe('loyalty admin-user create --role', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-cashier-cli-'));
  let where: string[];
  let openDb: () => Promise<{ db: Parameters<typeof signIn>[0]['db']; close(): Promise<void> }>;
  let close = async () => {};
  before(async () => {
    const shop = { id: 'till-shop', name: 'Till shop', storeVersions: [] };
    if (process.env.TEST_DATABASE_URL) {
      const database = await testDatabase();
      await createShop({ db: database.db, clock: systemClock }, shop);
      where = ['--database-url', database.url!];
      openDb = async () => ({ db: database.db, close: async () => {} });
      close = () => database.close();
    } else {
      const handle = await migratedPGlite(join(dir, 'db'));
      await createShop({ db: handle.db, clock: systemClock }, shop);
      await handle.close();
      where = ['--data-dir', join(dir, 'db')];
      openDb = () => openPGlite(join(dir, 'db'));
    }
  });
  after(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  const create = (email: string, ...options: string[]) =>
    loyalty([...where, 'admin-user', 'create', '--shop', 'till-shop', '--email', email, ...options], {
      DATABASE_URL: '',
    });

  test('a cashier is made with the role, and told where the till is', async () => {
    const result = await create('till@shop.example', '--password', 'long enough pw', '--role', 'cashier');
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /Created admin user till@shop\.example as a cashier \(the till only\) for shop till-shop\./,
    );
    assert.match(result.stdout, /\/admin\/login\?shop=till-shop&next=%2Fadmin%2Fpos/);
    const owner = await create('owner@shop.example', '--password', 'long enough pw');
    assert.equal(owner.code, 0, owner.stderr);
    const database = await openDb();
    try {
      const ctx = { db: database.db, clock: systemClock };
      const till = await signIn(ctx, {
        shopId: 'till-shop',
        email: 'till@shop.example',
        password: 'long enough pw',
      });
      assert.equal(till?.session.user.role, 'cashier');
      const boss = await signIn(ctx, {
        shopId: 'till-shop',
        email: 'owner@shop.example',
        password: 'long enough pw',
      });
      assert.equal(boss?.session.user.role, 'owner', 'owner unless told otherwise');
    } finally {
      await database.close();
    }
  });

  test('another role ends with one line and exit code 1', async () => {
    const wrong = await create('boss@shop.example', '--password', 'long enough pw', '--role', 'manager');
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stderr.trim().split('\n').length, 1);
    assert.match(wrong.stderr, /--role manager: give owner or cashier/);
  });
});

/** Beside `loyalty serve` on the embedded data folder, the command goes through the service. */
describe('loyalty admin-user create beside a running service', () => {
  const service = runningService('loyalty-cashier-serve-');

  before(async () => {
    assert.equal(
      (await loyalty(['shop', 'create', '--id', 'running', '--name', 'Running'], service.env)).code,
      0,
    );
  });

  test('a cashier made through the service signs in to the till', async () => {
    const made = await loyalty(
      ['admin-user', 'create', '--shop', 'running', '--email', 'till@running.example', '--role', 'cashier'],
      service.env,
    );
    assert.equal(made.code, 0, made.stderr);
    assert.match(
      made.stdout,
      /Created admin user till@running\.example as a cashier \(the till only\) for shop running\./,
    );
    const password = /Password \(shown only now\): (\S+)/.exec(made.stdout)?.[1];
    assert.ok(password, made.stdout);
    assert.ok(
      made.stdout.includes(`Sign in at ${service.url}/admin/login?shop=running&next=%2Fadmin%2Fpos`),
      made.stdout,
    );

    const login = await fetch(`${service.url}/admin/login?shop=running`);
    const token = /name="_csrf" value="([^"]+)"/.exec(await login.text())![1]!;
    const loginCookie = cookiesOf(login);
    const signedIn = await fetch(`${service.url}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
      body: new URLSearchParams({
        _csrf: token,
        shop: 'running',
        email: 'till@running.example',
        password: password!,
        next: '/admin/pos',
      }),
    });
    assert.equal(signedIn.status, 303);
    const session = cookiesOf(signedIn);
    const members = await fetch(`${service.url}/admin/members`, {
      redirect: 'manual',
      headers: { cookie: session },
    });
    assert.equal(members.headers.get('location'), '/admin/pos');
    const till = await fetch(`${service.url}/admin/pos`, { headers: { cookie: session } });
    assert.equal(till.status, 200);

    const again = await loyalty(
      [
        'admin-user',
        'create',
        '--shop',
        'running',
        '--email',
        'TILL@running.example',
        '--password',
        'long enough pw',
      ],
      service.env,
    );
    assert.equal(again.code, 1);
    assert.equal(again.stderr.trim().split('\n').length, 1);
    assert.match(again.stderr, /\[admin_user_exists\]/);
  });
});

/** The cookies a response sets, as the Cookie header a browser would send back. */
function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
