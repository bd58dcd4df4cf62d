import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { createApiKey } from '../../src/app/api-keys/create-api-key.ts';
import type { AppContext } from '../../src/app/context.ts';
import { createProgram } from '../../src/app/program/manage-program.ts';
import { createStorefrontSecret } from '../../src/app/shopper/storefront-secrets.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import { putStoreVersion } from '../../src/app/store-versions/put-store-version.ts';
import type { ManualClock } from '../../src/clock.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { buildServer } from '../../src/http/server.ts';
import type { ShopperRateLimits } from '../../src/http/shopper/index.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { FINNISH_WEB_SHOP, publishedShop, WHOLESALE_SITE } from '../support/fixtures.ts';

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked field by field in the tests
  body: any;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface TokenClaims {
  shop?: unknown;
  sub?: unknown;
  storeVersion?: unknown;
  iat?: number;
  exp?: number;
}

export interface ShopperHarness {
  app: FastifyInstance;
  ctx: AppContext;
  clock: ManualClock;
  /** shop1's and shop2's storefront secrets (id and secret). */
  secrets: { shop1: { id: string; secret: string }; shop2: { id: string; secret: string } };
  /** A full API key of shop1, for setting things up through the store API. */
  apiKey: string;
  /** A token as a store signs it: shop1, customer c1, store version fi, 5 minutes; claims override. */
  token(claims?: TokenClaims, secret?: { id: string; secret: string }): Promise<string>;
  call(
    method: string,
    url: string,
    options?: { token?: string; apiKey?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Answer>;
  close(): Promise<void>;
}

/** Budgets far above what a test sends (the test clock stands still); the rate-limit test passes its own. */
export const UNLIMITED: ShopperRateLimits = { perShopper: false, perAddress: false };

/**
 * The real server on a fresh test database: shop1 and shop2 published in versions fi and en (b2b
 * requires login), customers c1–c3 each; shop3 with a program never published; a storefront
 * secret for shop1 and shop2. Called in process with `inject`.
 */
export async function shopperHarness(
  limits: ShopperRateLimits = UNLIMITED,
  options: { publicUrl?: string } = {},
): Promise<ShopperHarness> {
  const test: TestApp = await testApp('2026-06-15T10:00:00Z');
  const { ctx, clock } = test;
  await publishedShop(ctx, 'shop1', { joinPoints: 10 });
  await publishedShop(ctx, 'shop2');
  await createShop(ctx, {
    id: 'shop3',
    name: 'Shop shop3',
    storeVersions: [FINNISH_WEB_SHOP, WHOLESALE_SITE],
  });
  await createProgram(ctx, 'shop3', { storeVersionIds: ['fi'] });
  const s1 = await createStorefrontSecret(ctx, { shopId: 'shop1', name: 'Web shop' });
  const s2 = await createStorefrontSecret(ctx, { shopId: 'shop2', name: 'Web shop' });
  const apiKey = (await createApiKey(ctx, { shopId: 'shop1', name: 'Web shop', readOnly: false })).key;
  const app = await buildServer({ ctx, shopperRateLimits: limits, ...options });
  await app.ready();
  const secrets = { shop1: { id: s1.id, secret: s1.secret }, shop2: { id: s2.id, secret: s2.secret } };
  return {
    app,
    ctx,
    clock,
    secrets,
    apiKey,
    token: (claims = {}, secret = secrets.shop1) => signToken(clock.now(), claims, secret),
    async call(method, url, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const bearer = options.token ?? options.apiKey;
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
      if (payload !== undefined) headers['content-type'] = 'application/json';
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers,
        ...(payload !== undefined ? { payload } : {}),
      });
      const type = String(response.headers['content-type'] ?? '');
      return {
        status: response.statusCode,
        body: /json/.test(type) && response.body ? JSON.parse(response.body) : response.body,
        headers: response.headers,
      };
    },
    close: async () => {
      await app.close();
      await test.close();
    },
  };
}

/** Signs a shopper token with jose, as a store's Node back end does (docs/storefront-integration.md). */
export function signToken(now: Date, claims: TokenClaims, secret: { id: string; secret: string }) {
  const iat = claims.iat ?? Math.floor(now.getTime() / 1000);
  const payload: Record<string, unknown> = {
    shop: 'shop1',
    sub: 'c1',
    storeVersion: 'fi',
    iat,
    exp: iat + 300,
    ...claims,
  };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', kid: secret.id })
    .sign(new TextEncoder().encode(secret.secret));
}

const exampleShops = new WeakMap<AppContext, Promise<{ id: string; secret: string }>>();

/**
 * A shopper token for the shop the OpenAPI examples name (`outdoor-store`, created with a store
 * version `fi` and a secret on first use in this database), for the tests that send each
 * operation's example.
 */
export async function exampleShopperToken(ctx: AppContext): Promise<string> {
  let secret = exampleShops.get(ctx);
  if (!secret) {
    secret = (async () => {
      // The operator API's examples may have made the shop already.
      await createShop(ctx, { id: 'outdoor-store', name: 'Outdoor Store', storeVersions: [] }).catch(
        (error: unknown) => {
          if (!(error instanceof DomainError && error.code === 'shop_exists')) throw error;
        },
      );
      await putStoreVersion(ctx, 'outdoor-store', { id: 'fi', name: 'Verkkokauppa', requiresLogin: false });
      return createStorefrontSecret(ctx, { shopId: 'outdoor-store', name: 'Examples' });
    })();
    exampleShops.set(ctx, secret);
  }
  return signToken(ctx.clock.now(), { shop: 'outdoor-store' }, await secret);
}
