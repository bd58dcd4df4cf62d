import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { revokeStorefrontSecret } from '../../src/app/shopper/storefront-secrets.ts';
import { suspendShop } from '../../src/app/shops/provision-shop.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { type ShopperHarness, shopperHarness } from './shopper-harness.ts';

const me = '/v1/shopper/shops/shop1/me';

async function refused(h: ShopperHarness, token: string | undefined, status: number, code: string, url = me) {
  const answer = await h.call('GET', url, token === undefined ? {} : { token });
  assert.deepEqual([answer.status, answer.body.code], [status, code], JSON.stringify(answer.body));
  return answer;
}

/** A JWT's middle part replaced by these claims, its signature kept: what a browser could forge. */
function withClaims(token: string, change: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), ...change };
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

describe('the shopper token', () => {
  const h = suiteFixture(async () => {
    const harness = await shopperHarness();
    await joinProgram(harness.ctx, { shopId: 'shop1', customerId: 'c1', source: 'registration' });
    await joinProgram(harness.ctx, { shopId: 'shop2', customerId: 'c1', source: 'registration' });
    return harness;
  });

  test('a valid token is accepted', async () => {
    const answer = await h.call('GET', me, { token: await h.token() });
    assert.deepEqual([answer.status, answer.body.member], [200, true]);
  });

  test('no token: 401 shopper_token_missing; an API key is not a shopper token', async () => {
    const missing = await refused(h, undefined, 401, 'shopper_token_missing');
    assert.match(String(missing.headers['www-authenticate']), /^Bearer/);
    await refused(h, h.apiKey, 401, 'shopper_token_invalid');
    await refused(h, 'not.a.jwt', 401, 'shopper_token_invalid');
  });

  test('a token of shop A used at shop B is refused with 403 shop_mismatch', async () => {
    const shop2Token = await h.token({ shop: 'shop2' }, h.secrets.shop2);
    assert.equal((await h.call('GET', '/v1/shopper/shops/shop2/me', { token: shop2Token })).status, 200);
    await refused(h, shop2Token, 403, 'shop_mismatch');
    // Claiming shop1 with shop2's secret is not shop2's token: it is forged.
    await refused(h, await h.token({ shop: 'shop1' }, h.secrets.shop2), 401, 'shopper_token_invalid');
  });

  test('an expired token is refused, by the application clock, after it was accepted', async () => {
    const token = await h.token();
    assert.equal((await h.call('GET', me, { token })).status, 200);
    h.clock.advance(6 * 60_000);
    try {
      await refused(h, token, 401, 'shopper_token_expired');
    } finally {
      h.clock.advance(-6 * 60_000);
    }
    // A clock that reads earlier than the token's "iat" (beyond the 30 s tolerance) refuses it too.
    h.clock.advance(-2 * 60_000);
    try {
      await refused(h, token, 401, 'shopper_token_invalid');
    } finally {
      h.clock.advance(2 * 60_000);
    }
    assert.equal((await h.call('GET', me, { token })).status, 200);
  });

  test('a token whose customer id was changed fails its signature', async () => {
    const token = await h.token();
    await refused(h, withClaims(token, { sub: 'c2' }), 401, 'shopper_token_invalid');
    await refused(h, withClaims(token, { exp: 0 }), 401, 'shopper_token_invalid');
  });

  test('a token signed with an unknown secret or without a kid is refused', async () => {
    await refused(
      h,
      await h.token({}, { id: 'ss_0000000000000000', secret: h.secrets.shop1.secret }),
      401,
      'shopper_token_invalid',
    );
    await refused(
      h,
      await h.token({}, { id: h.secrets.shop1.id, secret: 'lss_guessed' }),
      401,
      'shopper_token_invalid',
    );
  });

  test('a token valid for more than 15 minutes is refused', async () => {
    const iat = Math.floor(h.clock.now().getTime() / 1000);
    await refused(h, await h.token({ iat, exp: iat + 16 * 60 }), 401, 'shopper_token_too_long_lived');
    const fifteen = await h.call('GET', me, { token: await h.token({ iat, exp: iat + 15 * 60 }) });
    assert.equal(fifteen.status, 200);
  });

  test('a token missing a claim is refused', async () => {
    await refused(h, await h.token({ sub: undefined }), 401, 'shopper_token_invalid');
    await refused(h, await h.token({ storeVersion: undefined }), 401, 'shopper_token_invalid');
    await refused(h, await h.token({ exp: undefined }), 401, 'shopper_token_invalid');
  });

  test('a revoked secret’s tokens are refused', async () => {
    const token = await h.token({ shop: 'shop2' }, h.secrets.shop2);
    assert.equal((await h.call('GET', '/v1/shopper/shops/shop2/me', { token })).status, 200);
    await revokeStorefrontSecret(h.ctx, { shopId: 'shop2', secretId: h.secrets.shop2.id });
    // The verifier remembers a secret for up to 10 seconds.
    h.clock.advance(11_000);
    await refused(h, token, 401, 'shopper_token_invalid', '/v1/shopper/shops/shop2/me');
  });

  test('a suspended shop’s tokens are refused with 403 shop_suspended, as its API keys are', async () => {
    const accepted = await h.token();
    assert.equal((await h.call('GET', me, { token: accepted })).status, 200);
    await suspendShop(h.ctx, 'shop1', 'Unpaid');
    h.clock.advance(11_000);
    await refused(h, accepted, 403, 'shop_suspended');
    await refused(h, await h.token(), 403, 'shop_suspended');
    const program = await h.call('GET', '/v1/shopper/shops/shop1/store-versions/fi/program');
    assert.deepEqual([program.status, program.body.code], [403, 'shop_suspended']);
  });
});

describe('CORS: only the origins the shop lists', () => {
  const h = suiteFixture(async () => {
    const harness = await shopperHarness();
    const set = await harness.call('PUT', '/v1/storefront-origins', {
      apiKey: harness.apiKey,
      body: { origins: ['https://Shop.example/', 'http://localhost:8080'] },
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(set.body.origins, ['http://localhost:8080', 'https://shop.example']);
    return harness;
  });
  const url = '/v1/shopper/shops/shop1/store-versions/fi/program';

  test('a listed origin may read the answer; the preflight allows the token header', async () => {
    const answer = await h.call('GET', url, { headers: { origin: 'https://shop.example' } });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['access-control-allow-origin'], 'https://shop.example');
    assert.match(String(answer.headers.vary), /Origin/i);
    const preflight = await h.call('OPTIONS', `${me}/join`, {
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], 'https://shop.example');
    assert.match(String(preflight.headers['access-control-allow-headers']), /authorization/);
    assert.match(String(preflight.headers['access-control-allow-methods']), /POST/);
  });

  test('an origin not listed gets no CORS allowance, on answers and preflights alike', async () => {
    for (const origin of ['https://evil.example', 'https://shop.example.evil.example', 'null']) {
      const answer = await h.call('GET', url, { headers: { origin } });
      assert.equal(answer.headers['access-control-allow-origin'], undefined, origin);
      const preflight = await h.call('OPTIONS', me, {
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      assert.equal(preflight.headers['access-control-allow-origin'], undefined, origin);
      assert.equal(preflight.headers['access-control-allow-headers'], undefined, origin);
    }
    // Another shop's listed origin is not this shop's.
    const other = await h.call('GET', '/v1/shopper/shops/shop2/store-versions/fi/program', {
      headers: { origin: 'https://shop.example' },
    });
    assert.equal(other.headers['access-control-allow-origin'], undefined);
  });

  test('a refusal carries the allowance too, so the page can read why', async () => {
    const answer = await h.call('GET', me, { headers: { origin: 'https://shop.example' } });
    assert.equal(answer.status, 401);
    assert.equal(answer.headers['access-control-allow-origin'], 'https://shop.example');
  });

  test('origins that are not origins are refused', async () => {
    const answer = await h.call('PUT', '/v1/storefront-origins', {
      apiKey: h.apiKey,
      body: { origins: ['https://shop.example/path', 'ftp://shop.example', 'shop.example'] },
    });
    assert.equal(answer.status, 422);
    assert.deepEqual(
      answer.body.errors.map((e: { field: string }) => e.field),
      ['origins.0', 'origins.1', 'origins.2'],
    );
  });
});

describe('rate limits', () => {
  const h = suiteFixture(() =>
    shopperHarness({ perShopper: { perSecond: 1, burst: 3 }, perAddress: { perSecond: 1, burst: 2 } }),
  );

  test('a shopper over the budget gets 429 with Retry-After; another shopper does not', async () => {
    const token = await h.token();
    for (let i = 0; i < 3; i++) assert.equal((await h.call('GET', me, { token })).status, 200);
    const over = await h.call('GET', me, { token });
    assert.deepEqual([over.status, over.body.code], [429, 'rate_limited']);
    assert.equal(over.headers['retry-after'], '1');
    // A fresh token of the same customer is the same shopper.
    assert.equal(
      (
        await h.call('GET', me, {
          token: await h.token({ iat: Math.floor(h.clock.now().getTime() / 1000) - 1 }),
        })
      ).status,
      429,
    );
    assert.equal((await h.call('GET', me, { token: await h.token({ sub: 'c2' }) })).status, 200);
    h.clock.advance(1000);
    assert.equal((await h.call('GET', me, { token })).status, 200);
  });

  test('the public routes are limited per client address', async () => {
    const url = '/v1/shopper/shops/shop1/store-versions/fi/program';
    const fromA = { headers: {} };
    assert.equal((await h.call('GET', url, fromA)).status, 200);
    assert.equal((await h.call('GET', url, fromA)).status, 200);
    const over = await h.call('GET', url, fromA);
    assert.deepEqual([over.status, over.body.code], [429, 'rate_limited']);
    assert.ok(Number(over.headers['retry-after']) >= 1);
  });
});
