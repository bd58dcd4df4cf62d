import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { adminRoutes } from '../../src/admin/index.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { buildServer } from '../../src/http/server.ts';
import { AdminClient, newUserClient, type Response, signedInClient } from '../admin/support/admin-client.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { balanceOf, ledgerSum, publishedShop } from '../support/fixtures.ts';
import { tillShop } from '../support/till-shop.ts';

/** A JSON call as the till's script makes it: the session's cookie and its CSRF token in a header. */
async function callJson(client: AdminClient, method: 'GET' | 'POST', url: string, body?: unknown) {
  const answer = await client.app.inject({
    method,
    url,
    headers: {
      accept: 'application/json',
      'accept-language': 'en',
      'x-csrf-token': client.csrf,
      cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  return { status: answer.statusCode, json: answer.json() };
}

const line = (cents: number) => [{ productId: 'sale', quantity: 1, unitPriceCents: cents }];
/** A till sale of one line of `cents` in the store version fi, with a code or none. */
const tillSale = (orderId: string, customerId: string, cents: number, code: string | null = null) => ({
  orderId,
  customerId,
  storeVersionId: 'fi',
  code,
  lines: line(cents),
});

describe('the till (/admin/pos) over HTTP', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let owner: AdminClient;
  let cashier: AdminClient;

  before(async () => {
    app = await testApp();
    await tillShop(app.ctx, { email: 'Maija.Meikalainen@example.com', phone: '+358 40 123 4567' });
    await joinProgram(app.ctx, { shopId: 'shop-a', customerId: 'c2', source: 'registration' });
    await publishedShop(app.ctx, 'shop-b');
    server = await buildServer({ ctx: app.ctx });
    await server.ready();
    owner = await signedInClient(server, app.ctx, 'shop-a');
    let signedIn: Response;
    ({ client: cashier, signedIn } = await newUserClient(
      { server, ctx: app.ctx },
      'shop-a',
      'till@shop-a.example',
      {
        role: 'cashier',
      },
    ));
    assert.equal(signedIn.status, 303);
    // Signing in leads to the program page, which sends a cashier on to the till.
    const landing = await cashier.get(signedIn.location!);
    assert.equal(landing.status, 303);
    assert.equal(landing.location, '/admin/pos');
    assert.equal((await cashier.get('/admin/pos')).status, 200);
  });
  after(async () => {
    await server.close();
    await app.close();
  });

  const memberNumberOf = async (customerId: string) =>
    (
      await app.ctx.db
        .selectFrom('members')
        .select('member_number')
        .where('shop_id', '=', 'shop-a')
        .where('customer_id', '=', customerId)
        .executeTakeFirstOrThrow()
    ).member_number;

  test('a cashier is refused every admin page and action but the till', async () => {
    const open = (url: string) =>
      url === '/admin' || url === '/admin/' || url === '/admin/login' || url.startsWith('/admin/assets');
    const tillOrAccount = (url: string) =>
      url === '/admin/pos' ||
      url.startsWith('/admin/pos/') ||
      url === '/admin/logout' ||
      url === '/admin/language';
    const guarded = adminRoutes(server).filter((r) => !open(r.url) && !tillOrAccount(r.url));
    assert.ok(guarded.length >= 25, `${guarded.length} routes checked`);
    for (const route of guarded) {
      const url = route.url.replace(/:(\w+)/g, (_, name: string) => (name === 'customerId' ? 'c1' : 'x'));
      if (route.method === 'GET') {
        const page = await cashier.get(url);
        assert.equal(page.status, 303, `GET ${url} as a page`);
        assert.equal(page.location, '/admin/pos', `GET ${url} goes to the till`);
        const json = await callJson(cashier, 'GET', url);
        assert.equal(json.status, 403, `GET ${url} as JSON`);
        assert.equal(json.json.code, 'role_forbidden');
      } else {
        // With the session's own CSRF token: the role alone refuses it.
        const answer = await cashier.post(url, { reason: 'x', points: '5', name: 'x' });
        assert.equal(answer.status, 403, `${route.method} ${url}`);
        const json = await callJson(cashier, 'POST', url, {});
        assert.equal(json.status, 403, `${route.method} ${url} as JSON`);
        assert.equal(json.json.code, 'role_forbidden');
      }
    }
    // Nothing the cashier tried changed the member's points.
    assert.equal(await balanceOf(app.ctx, 'shop-a', 'c1'), 0);
  });

  test('the till page: a cashier sees only the till in the navigation, an owner sees it beside the rest', async () => {
    const mine = await cashier.get('/admin/pos');
    assert.equal(mine.status, 200);
    assert.match(mine.text, /href="\/admin\/pos" aria-current="page"/);
    assert.doesNotMatch(mine.text, /href="\/admin\/members"/);
    const owners = await owner.get('/admin/pos');
    assert.equal(owners.status, 200);
    assert.match(owners.text, /href="\/admin\/members"/);
    assert.match(owners.text, /<h2 id="pos-find-title">Find the member<\/h2>/);
    const finnish = await owner.get('/admin/pos', { 'accept-language': 'fi' });
    assert.match(finnish.text, /Etsi jäsen/);
    // The camera's barcode reader comes from the admin's own assets, as one script.
    const reader = /"cameraScript":"([^"]+)"/.exec(mine.text)?.[1];
    assert.match(reader ?? '', /^\/admin\/assets\/zxing-browser\.min\.js\?v=/);
    const script = await server.inject({ method: 'GET', url: reader! });
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers['content-type']), /javascript/);
    assert.match(script.body, /ZXingBrowser/);
    assert.match(script.body, /BrowserQRCodeReader/);
  });

  test('finds the member by e-mail, phone, member number and the QR text', async () => {
    const number = await memberNumberOf('c1');
    for (const q of [
      'maija.meikalainen@EXAMPLE.com',
      '+358 40-123 4567',
      '+358401234567',
      String(number),
      `LOYALTY-${number}`,
      `loyalty-${number}`,
    ]) {
      const answer = await callJson(cashier, 'GET', `/admin/pos/members?q=${encodeURIComponent(q)}`);
      assert.equal(answer.status, 200, q);
      assert.deepEqual(
        answer.json.members.map((m: { customerId: string }) => m.customerId),
        ['c1'],
        q,
      );
    }
    const card = await callJson(cashier, 'GET', '/admin/pos/members/c1');
    assert.equal(card.status, 200);
    assert.equal(card.json.member.memberNumber, number);
    assert.deepEqual(
      card.json.codes.map((c: { code: string }) => c.code),
      ['KOOD-IABC-DEFG'],
    );
    // Another shop's member number finds nobody here; a customer who is not a member is not shown.
    const other = await callJson(cashier, 'GET', '/admin/pos/members?q=LOYALTY-999999');
    assert.deepEqual(other.json.members, []);
    assert.equal((await callJson(cashier, 'GET', '/admin/pos/members/c3')).status, 404);
    for (const bad of ['', 'x', 'LOYALTY-', 'not an address@', '12ab']) {
      const answer = await callJson(cashier, 'GET', `/admin/pos/members?q=${encodeURIComponent(bad)}`);
      assert.equal(answer.status, 422, JSON.stringify(bad));
      assert.equal(answer.json.code, 'invalid_input');
    }
  });

  test('a sale credits its points once, even when posted twice with the same order id', async () => {
    const sale = tillSale('pos-once-0001', 'c2', 5990);
    const first = await callJson(cashier, 'POST', '/admin/pos/sales', sale);
    assert.equal(first.status, 201);
    assert.equal(first.json.outcome, 'applied');
    assert.equal(first.json.pointsEarned, 59);
    assert.equal(first.json.balance, 59);
    const again = await callJson(cashier, 'POST', '/admin/pos/sales', sale);
    assert.equal(again.status, 200);
    assert.equal(again.json.outcome, 'duplicate');
    assert.equal(again.json.balance, 59);
    assert.equal(await balanceOf(app.ctx, 'shop-a', 'c2'), 59);
    assert.equal(await ledgerSum(app.ctx, 'shop-a', 'c2'), 59);
    const order = await app.ctx.db
      .selectFrom('orders')
      .select(['channel', 'status'])
      .where('shop_id', '=', 'shop-a')
      .where('id', '=', 'pos-once-0001')
      .executeTakeFirstOrThrow();
    assert.deepEqual(order, { channel: 'pos', status: 'delivered' });
    // The owner's till works the same way.
    const owners = await callJson(owner, 'POST', '/admin/pos/sales', {
      ...sale,
      orderId: 'pos-owner-0001',
      lines: line(1000),
    });
    assert.equal(owners.status, 201);
    assert.equal(owners.json.balance, 69);
  });

  test('a code is checked without being spent, and a sale spends it once', async () => {
    const check = await callJson(cashier, 'POST', '/admin/pos/code-checks', {
      customerId: 'c1',
      storeVersionId: 'fi',
      code: 'KOOD-IABC-DEFG',
      lines: line(2000),
    });
    assert.equal(check.status, 200);
    assert.equal(check.json.accepted, true);
    assert.equal(check.json.discountCents, 500);
    const sale = tillSale('pos-code-0001', 'c1', 2000, 'KOOD-IABC-DEFG');
    const first = await callJson(cashier, 'POST', '/admin/pos/sales', sale);
    assert.equal(first.status, 201);
    assert.equal(first.json.discountCents, 500);
    assert.equal(first.json.pointsEarned, 15, '20.00 € less the 5.00 € code earns 15 points');
    // The retry of the same sale: the code stays spent by it, the points are not posted again.
    const retry = await callJson(cashier, 'POST', '/admin/pos/sales', sale);
    assert.equal(retry.status, 200);
    assert.equal(retry.json.discountCents, 500);
    assert.equal(await balanceOf(app.ctx, 'shop-a', 'c1'), 15);
    const another = await callJson(cashier, 'POST', '/admin/pos/sales', {
      ...sale,
      orderId: 'pos-code-0002',
    });
    assert.equal(another.status, 409);
    assert.equal(another.json.code, 'code_refused');
    assert.equal(another.json.reason, 'used');
    const redemptions = await app.ctx.db
      .selectFrom('code_redemptions')
      .select('order_id')
      .where('shop_id', '=', 'shop-a')
      .execute();
    assert.deepEqual(redemptions, [{ order_id: 'pos-code-0001' }]);
    assert.equal(await balanceOf(app.ctx, 'shop-a', 'c1'), 15, 'the refused sale was not recorded');
    const used = await callJson(cashier, 'GET', '/admin/pos/members/c1');
    assert.deepEqual(used.json.codes, [], 'a spent code is no longer offered');
    const refused = await callJson(cashier, 'POST', '/admin/pos/code-checks', {
      customerId: 'c1',
      storeVersionId: 'fi',
      code: 'KOOD-IABC-DEFG',
      lines: line(2000),
    });
    assert.deepEqual([refused.json.accepted, refused.json.reason], [false, 'used']);
  });

  test('wrong input is refused with 4xx and changes nothing', async () => {
    const good = tillSale('pos-bad-00001', 'c2', 1000);
    const before = await balanceOf(app.ctx, 'shop-a', 'c2');
    const cases: [unknown, number, string][] = [
      [{ ...good, lines: [] }, 422, 'invalid_input'],
      [{ ...good, orderId: 'not-from-the-till' }, 422, 'invalid_input'],
      [{ ...good, lines: [{ productId: 'x', quantity: 0, unitPriceCents: 100 }] }, 422, 'invalid_input'],
      [{ ...good, lines: [{ productId: 'x', quantity: 1, unitPriceCents: -1 }] }, 422, 'invalid_input'],
      [
        { ...good, lines: [{ productId: 'x', quantity: 100_000, unitPriceCents: 1_000_000_000 }] },
        422,
        'invalid_input',
      ],
      [{ ...good, customerId: 'nobody' }, 404, 'customer_not_found'],
      [{ ...good, storeVersionId: 'nowhere' }, 404, 'store_version_not_found'],
      [{ ...good, code: 'NO-SUCH-CODE' }, 409, 'code_refused'],
      ['just text', 422, 'invalid_input'],
    ];
    for (const [body, status, code] of cases) {
      const answer = await callJson(cashier, 'POST', '/admin/pos/sales', body);
      assert.equal(answer.status, status, JSON.stringify(body));
      assert.equal(answer.json.code, code, JSON.stringify(body));
    }
    const checks = await callJson(cashier, 'POST', '/admin/pos/code-checks', { customerId: 'c1', code: '' });
    assert.equal(checks.status, 422);
    // Without the session's CSRF token the sale is refused as a forged request.
    const forged = await cashier.app.inject({
      method: 'POST',
      url: '/admin/pos/sales',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        cookie: [...cashier.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
      payload: JSON.stringify(good),
    });
    assert.equal(forged.statusCode, 403);
    assert.equal(await balanceOf(app.ctx, 'shop-a', 'c2'), before);
  });

  test('an owner adds a cashier in the admin; the cashier signs in to the till', async () => {
    const list = await owner.get('/admin/users');
    assert.equal(list.status, 200);
    assert.match(list.text, /till@shop-a\.example<\/td><td><\/td><td>Cashier/);
    const added = await owner.post('/admin/users', {
      email: 'second.till@shop-a.example',
      name: 'Till 2',
      role: 'cashier',
    });
    assert.equal(added.status, 201);
    const password = /id="new-password" value="([^"]+)"/.exec(added.text)?.[1];
    assert.ok(password, 'the generated password is shown once');
    const again = await owner.post('/admin/users', {
      email: 'SECOND.till@shop-a.example',
      name: '',
      role: 'cashier',
    });
    assert.equal(again.status, 422);
    assert.match(again.text, /already has a user/);
    assert.equal((await owner.post('/admin/users', { email: 'not-an-address', role: 'owner' })).status, 422);
    const second = new AdminClient(server);
    const signedIn = await second.signIn('shop-a', 'second.till@shop-a.example', password!);
    assert.equal(signedIn.status, 303);
    assert.equal((await second.get('/admin/users')).location, '/admin/pos');
    assert.equal(
      (await second.post('/admin/users', { email: 'x@shop-a.example', role: 'owner' })).status,
      403,
    );
  });

  test('a signed-out till is asked to sign in', async () => {
    const anonymous = new AdminClient(server);
    const page = await anonymous.get('/admin/pos');
    assert.equal(page.status, 303);
    assert.match(page.location!, /^\/admin\/login\?next=%2Fadmin%2Fpos/);
    assert.equal((await callJson(anonymous, 'GET', '/admin/pos/members?q=c1@example.com')).status, 401);
  });
});
