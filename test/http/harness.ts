import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createApiKey } from '../../src/app/api-keys/create-api-key.ts';
import { revokeApiKey } from '../../src/app/api-keys/revoke-api-key.ts';
import type { AppContext } from '../../src/app/context.ts';
import { type CreateShopInput, createShop } from '../../src/app/shops/create-shop.ts';
import type { ManualClock } from '../../src/clock.ts';
import type { ApiRateLimitOptions } from '../../src/http/rate-limit/api-key-limit.ts';
import { buildServer } from '../../src/http/server.ts';
import { type TestDatabase, testApp } from '../support/database.ts';
import { publishedShop } from '../support/fixtures.ts';
import { specExampleAmounts } from '../support/spec-example.ts';

export interface Sent {
  method: string;
  url: string;
  status: number;
}

/** Every response the API tests received in this process, for the documented-status check. */
export const sentLog: Sent[] = [];

export interface CallOptions {
  /** The API key to send; `null` sends no Authorization header. Defaults to shop1's full key. */
  key?: string | null;
  body?: unknown;
  /** A body sent exactly as given (for malformed JSON). */
  raw?: string;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked field by field in the tests
  body: any;
  headers: Record<string, string | string[] | number | undefined>;
  text: string;
}

export interface ApiHarness {
  app: FastifyInstance;
  ctx: AppContext;
  clock: ManualClock;
  database: TestDatabase;
  /** shop1: a full and a read-only key; shop2: a full key; shop1: a revoked key. */
  keys: { full: string; readOnly: string; otherShop: string; revoked: string };
  call(method: string, url: string, options?: CallOptions): Promise<Answer>;
  close(): Promise<void>;
}

/**
 * The per-key budget of the test servers: far above anything a test sends on one key (races
 * and fuzz tests send thousands in a burst, and the test clock stands still, so nothing
 * refills). The RateLimit fields are still on every answer. The rate-limit tests pass their own.
 */
export const TEST_API_RATE_LIMIT: ApiRateLimitOptions = {
  perKey: { perSecond: 1_000_000, burst: 1_000_000 },
};

export interface HarnessOptions {
  /** The server's per-key budget; TEST_API_RATE_LIMIT unless given. */
  apiRateLimit?: ApiRateLimitOptions;
}

/**
 * The real server (buildServer, as `loyalty serve` runs it) on a fresh test database with two
 * published shops (shop1, shop2; customers c1–c3 each, not yet members) and API keys, called in
 * process with `inject`.
 */
export async function apiHarness(start?: string, options: HarnessOptions = {}): Promise<ApiHarness> {
  const test = await testApp(start);
  const { ctx } = test;
  await publishedShop(ctx, 'shop1', { joinPoints: 10, reviewPoints: 20 });
  await publishedShop(ctx, 'shop2');
  const full = await createApiKey(ctx, { shopId: 'shop1', name: 'Web shop', readOnly: false });
  const readOnly = await createApiKey(ctx, { shopId: 'shop1', name: 'Storefront', readOnly: true });
  const otherShop = await createApiKey(ctx, { shopId: 'shop2', name: 'Other shop', readOnly: false });
  const revoked = await createApiKey(ctx, { shopId: 'shop1', name: 'Old till', readOnly: false });
  await revokeApiKey(ctx, { shopId: 'shop1', keyId: revoked.id });
  const app = await buildServer({ ctx, apiRateLimit: options.apiRateLimit ?? TEST_API_RATE_LIMIT });
  await app.ready();
  const keys = { full: full.key, readOnly: readOnly.key, otherShop: otherShop.key, revoked: revoked.key };
  return {
    app,
    ctx,
    clock: test.clock,
    database: test.database,
    keys,
    async call(method, url, options = {}) {
      const key = options.key === undefined ? keys.full : options.key;
      const headers: Record<string, string> = { ...options.headers };
      if (key !== null) headers.authorization = `Bearer ${key}`;
      let payload: string | undefined;
      if (options.raw !== undefined) payload = options.raw;
      else if (options.body !== undefined) payload = JSON.stringify(options.body);
      if (payload !== undefined) headers['content-type'] ??= 'application/json';
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers,
        ...(payload !== undefined ? { payload } : {}),
      });
      sentLog.push({ method, url, status: response.statusCode });
      const type = String(response.headers['content-type'] ?? '');
      return {
        status: response.statusCode,
        // JSON and problem documents are parsed; JSON lines (application/x-ndjson) stay text.
        body:
          /application\/(problem\+)?json/.test(type) && response.body
            ? JSON.parse(response.body)
            : response.body,
        headers: response.headers,
        text: response.body,
      };
    },
    close: async () => {
      await app.close();
      await test.close();
    },
  };
}

/** A valid order body for POST /v1/orders and /v1/sales: the SPEC example (spec-example.ts) by default. */
export function orderBody(id: string, customerId: string | null, overrides: Record<string, unknown> = {}) {
  return {
    id,
    customerId,
    storeVersionId: 'fi',
    channel: 'web',
    loggedIn: customerId !== null,
    placedAt: '2026-06-15T13:00:00+03:00',
    ...specExampleAmounts(),
    ...overrides,
  };
}

/** A cart for code checks: one product line of `cents` and optionally a gift card. */
export function cart(cents: number, giftCardCents = 0) {
  return {
    lines: [
      { productId: 'p1', quantity: 1, unitPriceCents: cents },
      ...(giftCardCents
        ? [{ productId: 'gift', quantity: 1, unitPriceCents: giftCardCents, giftCard: true }]
        : []),
    ],
    orderDiscountCents: 0,
  };
}

/** Joins a customer through the API and returns the response body. */
export async function join(h: ApiHarness, customerId: string, key = h.keys.full) {
  const answer = await h.call('POST', '/v1/members', { key, body: { customerId, source: 'registration' } });
  if (answer.status !== 201) throw new Error(`join ${customerId}: ${answer.status} ${answer.text}`);
  return answer.body;
}

/** An apiHarness in which these customers of shop1 have already joined (with shop1's 10 join points). */
export async function apiHarnessWithMembers(...customerIds: string[]): Promise<ApiHarness> {
  const h = await apiHarness();
  for (const customerId of customerIds) await join(h, customerId);
  return h;
}

/** A request's status and its problem's code, to check a refusal in one comparison. */
export async function statusAndCode(
  h: ApiHarness,
  method: string,
  url: string,
  options?: CallOptions,
): Promise<[number, string | undefined]> {
  const answer = await h.call(method, url, options);
  return [answer.status, answer.body.code];
}

/** The fields a refused request's problem names, sorted. */
export function refusedFields(answer: Answer): string[] {
  return (answer.body.errors ?? []).map((e: { field: string }) => e.field).sort();
}

/** The request was refused with 422 naming exactly these fields, in any order (and with `code`, if given). */
export function assertRefusedFields(answer: Answer, fields: string[], code?: string): void {
  assert.equal(answer.status, 422, answer.text);
  if (code !== undefined) assert.equal(answer.body.code, code);
  assert.deepEqual(refusedFields(answer), [...fields].sort());
}

/** Creates another shop, with no program yet, and returns a full API key of it named `keyName`. */
export async function newShopKey(h: ApiHarness, shop: CreateShopInput, keyName: string): Promise<string> {
  await createShop(h.ctx, shop);
  return (await createApiKey(h.ctx, { shopId: shop.id, name: keyName, readOnly: false })).key;
}

/** The OpenAPI document the server serves, without a key, as JSON. */
export async function servedOpenApiDocument(h: ApiHarness): Promise<Answer['body']> {
  const answer = await h.call('GET', '/openapi.json', { key: null });
  assert.equal(answer.status, 200);
  return answer.body;
}

/** The answer has this status (else the message is what came instead) and exactly this JSON body. */
export function assertAnswer(answer: Answer, status: number, body: unknown): void {
  assert.equal(answer.status, status, answer.text);
  assert.deepEqual(answer.body, body);
}
