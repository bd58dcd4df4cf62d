import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { generatePassword, hashPassword, verifyPassword } from '../../src/app/admin-users/password.ts';
import { resolveSession, signIn, signOut } from '../../src/app/admin-users/sessions.ts';
import { createAdminUser, setAdminPassword } from '../../src/app/admin-users/users.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { AdminClient, adminServer, PASSWORD } from './support/admin-client.ts';

const code = (c: string) => (e: unknown) => e instanceof DomainError && e.code === c;

describe('admin users and sessions', () => {
  let app: TestApp;
  before(async () => {
    app = await testApp();
    for (const id of ['shop-1', 'shop-2']) await createShop(app.ctx, { id, name: id, storeVersions: [] });
    await createAdminUser(app.ctx, { shopId: 'shop-1', email: 'Anna@Shop.example', password: PASSWORD });
    await createAdminUser(app.ctx, {
      shopId: 'shop-2',
      email: 'anna@shop.example',
      password: 'another password',
    });
  });
  after(() => app.close());

  /** Anna of shop-1, signed in with her password. */
  const signedInAnna = async () =>
    (await signIn(app.ctx, { shopId: 'shop-1', email: 'anna@shop.example', password: PASSWORD }))!;

  test('passwords are stored as salted scrypt hashes', async () => {
    const a = await hashPassword('same password');
    const b = await hashPassword('same password');
    assert.match(a, /^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    assert.notEqual(a, b, 'salted');
    assert.equal(await verifyPassword('same password', a), true);
    assert.equal(await verifyPassword('Same password', a), false);
    assert.equal(await verifyPassword('x', 'plain-text'), false);
    const generated = generatePassword();
    assert.match(generated, /^[a-km-np-zA-HJ-NP-Z2-9]{16}$/);
    const row = await app.ctx.db
      .selectFrom('admin_users')
      .select('password_hash')
      .where('shop_id', '=', 'shop-1')
      .executeTakeFirstOrThrow();
    assert.doesNotMatch(row.password_hash, /correct horse/);
  });

  test('an e-mail address is unique per shop whatever its case; bad input is refused', async () => {
    await assert.rejects(
      createAdminUser(app.ctx, { shopId: 'shop-1', email: 'anna@shop.EXAMPLE', password: PASSWORD }),
      code('admin_user_exists'),
    );
    await assert.rejects(
      createAdminUser(app.ctx, { shopId: 'shop-1', email: 'not-an-address', password: PASSWORD }),
      code('invalid_input'),
    );
    await assert.rejects(
      createAdminUser(app.ctx, { shopId: 'shop-1', email: 'b@shop.example', password: 'short' }),
      code('invalid_input'),
    );
    await assert.rejects(
      createAdminUser(app.ctx, { shopId: 'nope', email: 'b@shop.example', password: PASSWORD }),
      code('shop_not_found'),
    );
  });

  test('signing in needs the shop, the address and the password; sessions are keyed by shop', async () => {
    assert.equal(
      await signIn(app.ctx, { shopId: 'shop-1', email: 'anna@shop.example', password: 'wrong password' }),
      null,
    );
    assert.equal(
      await signIn(app.ctx, { shopId: 'shop-1', email: 'nobody@shop.example', password: PASSWORD }),
      null,
    );
    assert.equal(
      await signIn(app.ctx, { shopId: 'shop-2', email: 'anna@shop.example', password: PASSWORD }),
      null,
      'another shop’s user',
    );
    const signed = await signIn(app.ctx, {
      shopId: 'shop-1',
      email: 'ANNA@shop.example',
      password: PASSWORD,
    });
    assert.ok(signed);
    const session = await resolveSession(app.ctx, 'shop-1', signed.token);
    assert.equal(session?.user.email, 'Anna@Shop.example');
    assert.equal(session?.csrfToken, signed.session.csrfToken);
    assert.equal(await resolveSession(app.ctx, 'shop-2', signed.token), null);
    const stored = await app.ctx.db
      .selectFrom('admin_sessions')
      .select('token_hash')
      .where('shop_id', '=', 'shop-1')
      .execute();
    assert.ok(
      stored.every((s) => s.token_hash !== signed.token),
      'only a hash of the token is stored',
    );
    await signOut(app.ctx, 'shop-1', signed.token);
    assert.equal(await resolveSession(app.ctx, 'shop-1', signed.token), null);
  });

  test('a session ends 12 hours after it was last extended; use extends it', async () => {
    const signed = await signedInAnna();
    app.clock.advance(7 * 3600_000);
    const used = await resolveSession(app.ctx, 'shop-1', signed.token);
    assert.ok(used, 'still valid after 7 hours, and extended');
    app.clock.advance(11 * 3600_000);
    assert.ok(await resolveSession(app.ctx, 'shop-1', signed.token), '18 hours after sign-in, 11 after use');
    app.clock.advance(13 * 3600_000);
    assert.equal(await resolveSession(app.ctx, 'shop-1', signed.token), null);
  });

  test('a new password signs the user out everywhere', async () => {
    const signed = await signedInAnna();
    const result = await setAdminPassword(app.ctx, { shopId: 'shop-1', email: 'anna@SHOP.example' });
    assert.equal(result.generated, true);
    assert.equal(await resolveSession(app.ctx, 'shop-1', signed.token), null);
    assert.ok(
      await signIn(app.ctx, { shopId: 'shop-1', email: 'anna@shop.example', password: result.password }),
    );
    await setAdminPassword(app.ctx, { shopId: 'shop-1', email: 'anna@shop.example', password: PASSWORD });
    await assert.rejects(
      setAdminPassword(app.ctx, { shopId: 'shop-1', email: 'nobody@shop.example' }),
      code('admin_user_not_found'),
    );
  });
});

describe('sign-in page', () => {
  let app: TestApp;
  let server: FastifyInstance;
  before(async () => {
    app = await testApp();
    await createShop(app.ctx, { id: 'web', name: 'Web', storeVersions: [] });
    await createAdminUser(app.ctx, { shopId: 'web', email: 'owner@web.example', password: PASSWORD });
    server = await adminServer(app.ctx);
  });
  after(async () => {
    await server.close();
    await app.close();
  });

  test('signing in sets an HttpOnly, SameSite cookie holding the shop, and follows only admin paths', async () => {
    const client = new AdminClient(server);
    const page = await client.get('/admin/login?shop=web&next=%2Fadmin%2Fmembers');
    assert.match(page.text, /<label for="password">Password<\/label>/);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const answer = await client.post(
      '/admin/login',
      { shop: 'web', email: 'owner@web.example', password: PASSWORD, next: '//evil.example/x' },
      token,
    );
    assert.equal(answer.status, 303);
    assert.equal(answer.location, '/admin/program');
    const cookie = [answer.headers['set-cookie']].flat().find((c) => String(c).startsWith('loyalty_admin='));
    assert.match(
      String(cookie),
      /^loyalty_admin=web\.[\w-]{43}; Max-Age=43200; Path=\/admin; HttpOnly; SameSite=Lax$/,
    );
    assert.equal((await client.get('/admin/members')).status, 200);
    const out = await client.post('/admin/logout', {});
    assert.equal(out.status, 303);
    assert.match(out.location!, /signedOut=1/);
    assert.equal((await client.get('/admin/members')).status, 303, 'signed out');
    const session = await app.ctx.db
      .selectFrom('admin_sessions')
      .selectAll()
      .where('shop_id', '=', 'web')
      .execute();
    assert.equal(session.length, 0, 'the session is gone from the database');
  });

  test('a wrong password is refused with a message; repeated failures are slowed down', async () => {
    const client = new AdminClient(server);
    const page = await client.get('/admin/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const wrong = await client.post(
      '/admin/login',
      { shop: 'web', email: 'owner@web.example', password: 'nope nope nope' },
      token,
    );
    assert.equal(wrong.status, 401);
    assert.match(wrong.text, /The shop, e-mail or password is not right\./);
    assert.match(wrong.text, /value="owner@web\.example"/);
    for (let i = 0; i < 9; i++)
      await client.post(
        '/admin/login',
        { shop: 'web', email: 'owner@web.example', password: `guess ${i} guess` },
        token,
      );
    const blocked = await client.post(
      '/admin/login',
      { shop: 'web', email: 'owner@web.example', password: PASSWORD },
      token,
    );
    assert.equal(blocked.status, 429);
    assert.match(blocked.text, /Too many failed attempts/);
    app.clock.advance(16 * 60_000);
    const later = await client.post(
      '/admin/login',
      { shop: 'web', email: 'owner@web.example', password: PASSWORD },
      token,
    );
    assert.equal(later.status, 303);
  });

  test('the sign-in page speaks Finnish to a Finnish browser', async () => {
    const client = new AdminClient(server);
    const page = await client.get('/admin/login', { 'accept-language': 'fi-FI,fi;q=0.9' });
    assert.match(page.text, /<html lang="fi">/);
    assert.match(page.text, /Kirjaudu kanta-asiakasohjelman hallintaan/);
  });
});
