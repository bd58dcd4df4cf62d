import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AppContext } from '../../src/app/context.ts';
import { adjustPoints } from '../../src/app/ledger/adjust-points.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { createStorefrontSecret } from '../../src/app/shopper/storefront-secrets.ts';
import { parseTillSearch } from '../../src/domain/members/member-qr.ts';
import { insertCode } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { shopperHarness } from './shopper-harness.ts';

const me = '/v1/shopper/shops/shop1/me';
const DAY = 24 * 3600 * 1000;

describe('a member on My Account', () => {
  const h = suiteFixture(async () => {
    const harness = await shopperHarness();
    const { ctx } = harness;
    await joinProgram(ctx, { shopId: 'shop1', customerId: 'c1', source: 'registration' });
    for (const points of [30, 50]) {
      harness.clock.advance(60_000);
      await adjustPoints(ctx, {
        shopId: 'shop1',
        customerId: 'c1',
        points,
        reason: 'Welcome gift',
        author: 'Test',
      });
    }
    const now = ctx.clock.now();
    await insertCode(ctx, {
      shopId: 'shop1',
      code: 'LATER-500',
      customerId: 'c1',
      expiresAt: new Date(now.getTime() + 60 * DAY),
    });
    await insertCode(ctx, {
      shopId: 'shop1',
      code: 'SOON-1500',
      customerId: 'c1',
      valueCents: 1500,
      points: 250,
      expiresAt: new Date(now.getTime() + 5 * DAY),
    });
    await insertCode(ctx, {
      shopId: 'shop1',
      code: 'USED-500',
      customerId: 'c1',
      status: 'used',
      usedOrderId: 'o1',
    });
    await insertCode(ctx, {
      shopId: 'shop1',
      code: 'OLD-500',
      customerId: 'c1',
      issuedAt: new Date(now.getTime() - 100 * DAY),
      expiresAt: new Date(now.getTime() - DAY),
    });
    return harness;
  });

  test('reads the membership: number, balance, the next reward and the QR text for the till', async () => {
    const answer = await h.call('GET', me, { token: await h.token() });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const { memberNumber, ...rest } = answer.body;
    assert.ok(Number.isInteger(memberNumber) && memberNumber > 0);
    assert.deepEqual(rest, {
      object: 'shopper_membership',
      shopId: 'shop1',
      customerId: 'c1',
      storeVersionId: 'fi',
      visible: true,
      reason: null,
      member: true,
      balance: 90,
      nextTier: { points: 100, valueCents: 500, pointsMissing: 10 },
      qrText: `LOYALTY-${memberNumber}`,
    });
    // The till reads the same text as this member's number.
    assert.deepEqual(parseTillSearch(answer.body.qrText), { kind: 'qr', memberNumber });
  });

  test('reads the ledger newest first, a page at a time', async () => {
    const token = await h.token();
    const first = await h.call('GET', `${me}/ledger?limit=2`, { token });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual(
      first.body.data.map((e: { kind: string; points: number }) => [e.kind, e.points]),
      [
        ['adjustment', 50],
        ['adjustment', 30],
      ],
    );
    assert.equal(first.body.visible, true);
    assert.ok(first.body.nextBefore);
    assert.equal(
      'reason' in first.body.data[0],
      false,
      'the merchant’s reasons and authors stay in the admin',
    );
    const second = await h.call('GET', `${me}/ledger?limit=2&before=${first.body.nextBefore}`, { token });
    assert.deepEqual(
      second.body.data.map((e: { kind: string; points: number }) => [e.kind, e.points]),
      [['join', 10]],
    );
    assert.equal(second.body.nextBefore, null);
  });

  test('reads only the codes that can still be used, soonest expiry first, with value and expiry', async () => {
    const answer = await h.call('GET', `${me}/codes`, { token: await h.token() });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(
      answer.body.data.map((c: { code: string; valueCents: number }) => [c.code, c.valueCents]),
      [
        ['SOON-1500', 1500],
        ['LATER-500', 500],
      ],
    );
    assert.equal(answer.body.data[0].expiresAt, new Date(h.clock.now().getTime() + 5 * DAY).toISOString());
  });

  test('another customer of the same shop sees their own account, not c1’s', async () => {
    const answer = await h.call('GET', me, { token: await h.token({ sub: 'c2' }) });
    assert.equal(answer.status, 200);
    assert.deepEqual([answer.body.member, answer.body.balance, answer.body.qrText], [false, 0, null]);
    const codes = await h.call('GET', `${me}/codes`, { token: await h.token({ sub: 'c2' }) });
    assert.deepEqual(codes.body.data, []);
  });
});

describe('joining and leaving from the storefront', () => {
  const h = suiteFixture(() => shopperHarness());

  test('a registered customer joins at registration, gets the join points once, and leaves', async () => {
    const token = await h.token({ sub: 'c2' });
    const joined = await h.call('POST', `${me}/join`, { token, body: { source: 'registration' } });
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    assert.deepEqual([joined.body.member, joined.body.balance, joined.body.pointsCredited], [true, 10, 10]);
    assert.match(joined.body.qrText, /^LOYALTY-\d+$/);

    const again = await h.call('POST', `${me}/join`, { token, body: { source: 'my_account' } });
    assert.deepEqual([again.status, again.body.code], [409, 'already_member']);

    const left = await h.call('POST', `${me}/leave`, { token });
    assert.equal(left.status, 200, JSON.stringify(left.body));
    assert.equal(left.body.member, false);
    const leftAgain = await h.call('POST', `${me}/leave`, { token });
    assert.deepEqual([leftAgain.status, leftAgain.body.code], [409, 'not_a_member']);

    // Joining again from My Account pays nothing a second time.
    const rejoined = await h.call('POST', `${me}/join`, { token, body: {} });
    assert.deepEqual([rejoined.status, rejoined.body.member, rejoined.body.pointsCredited], [200, true, 0]);
  });

  test('a customer the store has not registered with the service cannot join', async () => {
    const answer = await h.call('POST', `${me}/join`, { token: await h.token({ sub: 'nobody' }), body: {} });
    assert.deepEqual([answer.status, answer.body.code], [404, 'customer_not_found']);
  });
});

describe('the public routes of a product page', () => {
  const h = suiteFixture(() => shopperHarness());

  test('the program as a visitor of a version where it shows', async () => {
    const answer = await h.call('GET', '/v1/shopper/shops/shop1/store-versions/fi/program');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(answer.body, {
      object: 'shopper_program',
      shopId: 'shop1',
      storeVersionId: 'fi',
      visible: true,
      reason: null,
      program: {
        name: answer.body.program.name,
        language: 'fi',
        ratioCents: 100,
        pointsPerEuro: 1,
        joinPoints: 10,
        introUrl: 'http://localhost:80/shops/shop1/loyalty',
        termsUrl: 'http://localhost:80/shops/shop1/loyalty/terms',
      },
    });
  });

  test('behind a proxy, the page links use the service’s public address', async () => {
    const proxied = await shopperHarness(undefined, { publicUrl: 'https://loyalty.example.com/' });
    try {
      const answer = await proxied.call('GET', '/v1/shopper/shops/shop1/store-versions/fi/program');
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.program.introUrl, 'https://loyalty.example.com/shops/shop1/loyalty');
      assert.equal(answer.body.program.termsUrl, 'https://loyalty.example.com/shops/shop1/loyalty/terms');
    } finally {
      await proxied.close();
    }
  });

  test('earn N points on a product and on a cart', async () => {
    const url = '/v1/shopper/shops/shop1/store-versions/fi/points-preview';
    const product = await h.call('POST', url, {
      body: { lines: [{ productId: 'jacket', quantity: 1, unitPriceCents: 5073 }] },
    });
    assert.equal(product.status, 200, JSON.stringify(product.body));
    assert.deepEqual(product.body, {
      object: 'shopper_points_preview',
      visible: true,
      reason: null,
      points: 50,
      campaign: null,
    });
    const cart = await h.call('POST', url, {
      body: {
        lines: [
          { productId: 'jacket', quantity: 2, unitPriceCents: 5073 },
          { productId: 'gift', quantity: 1, unitPriceCents: 5000, giftCard: true },
        ],
      },
    });
    assert.equal(cart.body.points, 101, 'a gift card earns nothing');
  });

  test('an unknown shop or store version is 404, a bad cart 422', async () => {
    const shop = await h.call('GET', '/v1/shopper/shops/nope/store-versions/fi/program');
    assert.deepEqual([shop.status, shop.body.code], [404, 'shop_not_found']);
    const version = await h.call('GET', '/v1/shopper/shops/shop1/store-versions/nope/program');
    assert.deepEqual([version.status, version.body.code], [404, 'store_version_not_found']);
    const cart = await h.call('POST', '/v1/shopper/shops/shop1/store-versions/fi/points-preview', {
      body: { lines: [{ productId: 'x', quantity: -1, unitPriceCents: 100 }] },
    });
    assert.deepEqual([cart.status, cart.body.code], [422, 'invalid_input']);
  });
});

describe('store versions where the program does not show', () => {
  const h = suiteFixture(async () => {
    const harness = await shopperHarness();
    await joinProgram(harness.ctx, { shopId: 'shop1', customerId: 'c1', source: 'registration' });
    // shop1 shows the program in fi only from now on: en is hidden.
    const hidden = await harness.call('DELETE', '/v1/program/store-versions/en', { apiKey: harness.apiKey });
    assert.equal(hidden.status, 200, JSON.stringify(hidden.body));
    return harness;
  });

  const cases = [
    ['shop1', 'en', 'version_not_selected', 'hidden'],
    ['shop1', 'b2b', 'login_required', 'B2B (requires login)'],
    ['shop3', 'fi', 'program_not_published', 'unpublished'],
  ] as const;

  for (const [shop, version, reason, what] of cases) {
    test(`${what}: every answer says so, shows nothing and join is refused`, async () => {
      const program = await h.call('GET', `/v1/shopper/shops/${shop}/store-versions/${version}/program`);
      assert.deepEqual(
        [program.status, program.body.visible, program.body.reason, program.body.program],
        [200, false, reason, null],
      );
      const preview = await h.call(
        'POST',
        `/v1/shopper/shops/${shop}/store-versions/${version}/points-preview`,
        {
          body: { lines: [{ productId: 'p', quantity: 1, unitPriceCents: 10_000 }] },
        },
      );
      assert.deepEqual(
        [preview.status, preview.body.visible, preview.body.reason, preview.body.points],
        [200, false, reason, 0],
      );
      const secret = shop === 'shop1' ? h.secrets.shop1 : await shop3Secret(h);
      const token = await h.token({ shop, storeVersion: version }, secret);
      const mine = await h.call('GET', `/v1/shopper/shops/${shop}/me`, { token });
      assert.deepEqual(
        [mine.status, mine.body.visible, mine.body.reason, mine.body.member, mine.body.balance],
        [200, false, reason, false, 0],
      );
      const codes = await h.call('GET', `/v1/shopper/shops/${shop}/me/codes`, { token });
      assert.deepEqual([codes.body.visible, codes.body.data], [false, []]);
      const ledger = await h.call('GET', `/v1/shopper/shops/${shop}/me/ledger`, { token });
      assert.deepEqual([ledger.body.visible, ledger.body.data], [false, []]);
      const join = await h.call('POST', `/v1/shopper/shops/${shop}/me/join`, {
        token: await h.token({ shop, storeVersion: version, sub: 'c2' }, secret),
        body: {},
      });
      assert.deepEqual([join.status, join.body.code], [409, 'program_not_visible']);
    });
  }
});

let shop3: { id: string; secret: string } | undefined;
/** shop3's secret, made once for the suite. */
async function shop3Secret(h: { ctx: AppContext }) {
  shop3 ??= await createStorefrontSecret(h.ctx, { shopId: 'shop3', name: 'Web shop' });
  return shop3;
}
