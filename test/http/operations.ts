import { sql } from 'kysely';
import { createApiKey } from '../../src/app/api-keys/create-api-key.ts';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import { submitReview } from '../../src/app/reviews/reviews.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import { putStoreVersion } from '../../src/app/store-versions/put-store-version.ts';
import { CAMPAIGN_OPERATIONS, seedCampaignOperations } from '../campaigns/campaign-operations.ts';
import { insertCode, specOrder } from '../support/fixtures.ts';
import { seedWebhookOperations, WEBHOOK_OPERATIONS } from '../webhooks/webhook-operations.ts';
import { type ApiHarness, cart, join, orderBody } from './harness.ts';

/**
 * Every /v1 operation with a valid request in the shop the contract tests seed, and a request
 * for each status the operation documents beyond the ones every operation of its kind can give
 * (those are driven generically: authentication, read-only keys, idempotency, validation).
 */
/** Routes grouped as their tests are: program (with store versions and the key check), members
 * (with customers), orders (with sales and reviews), checkout (with the points preview). */
export type Resource = 'program' | 'members' | 'orders' | 'checkout';

export interface Case {
  name: string;
  status: number;
  url?: string;
  body?: unknown;
  key?: 'full' | 'noProgram' | 'newProgram';
  headers?: Record<string, string>;
  prepare?: (h: ApiHarness) => Promise<void>;
}

export interface Operation {
  resource: Resource;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As in the OpenAPI document. */
  path: string;
  /** A valid request of shop1 (ids that exist only in shop1). */
  url: string;
  body?: unknown;
  /** Another request to the same operation (different body or path), for the idempotency checks. */
  variant: { url?: string; body?: unknown };
  /** Another shop's key must get 404 for the ids in this request. */
  scoped: boolean;
  /** Read-only keys may call it although it is not a GET. */
  readOnlyAllowed?: boolean;
  cases: Case[];
}

/** An id of only a space: the path matches, validation refuses it. */
const BLANK_ID = '%20';

/** shop1 data only shop1 has; shop3 has no program; shop4 gets one created by the tests. */
export async function seedOperations(h: ApiHarness): Promise<{ noProgram: string; newProgram: string }> {
  const { ctx } = h;
  await putStoreVersion(ctx, 'shop1', { id: 'sec-v', name: 'Outlet', requiresLogin: false });
  for (const id of ['sec-c', 'sec-n', 'sec-g']) {
    await h.call('PUT', `/v1/customers/${id}`, {
      body: { email: `${id}@example.com`, phone: '+358 40 123 0000', registeredAt: '2026-06-01T09:00:00Z' },
    });
  }
  await join(h, 'sec-c');
  await placeOrder(ctx, specOrder('shop1', 'sec-o', 'sec-c', ctx.clock.now()));
  await placeOrder(ctx, specOrder('shop1', 'sec-guest', null, ctx.clock.now()));
  await placeOrder(ctx, specOrder('shop1', 'sec-cancelled', 'sec-c', ctx.clock.now()));
  await h.call('POST', '/v1/orders/sec-cancelled/cancel');
  await submitReview(ctx, { shopId: 'shop1', reviewId: 'sec-r', orderId: 'sec-o', productId: 'jacket' });
  await insertCode(ctx, { shopId: 'shop1', code: 'SEC-CODE', customerId: 'sec-c', valueCents: 500 });
  await insertCode(ctx, { shopId: 'shop1', code: 'SEC-CODE-2', customerId: 'sec-c', valueCents: 500 });
  await createShop(ctx, {
    id: 'shop3',
    name: 'No program yet',
    storeVersions: [{ id: 'fi', name: 'Kauppa', requiresLogin: false }],
  });
  await createShop(ctx, { id: 'shop4', name: 'New program', storeVersions: [] });
  for (const id of ['seg_sec', 'seg_sec_del']) {
    await sql`insert into segments (shop_id, id, name, filters, created_at, updated_at)
              values ('shop1', ${id}, 'Everyone', '{}', ${ctx.clock.now()}, ${ctx.clock.now()})`.execute(
      ctx.db,
    );
  }
  const noProgram = await createApiKey(ctx, { shopId: 'shop3', name: 'shop3', readOnly: false });
  const newProgram = await createApiKey(ctx, { shopId: 'shop4', name: 'shop4', readOnly: false });
  await seedCampaignOperations(h);
  await seedWebhookOperations(h);
  return { noProgram: noProgram.key, newProgram: newProgram.key };
}

const checkout = (overrides: Record<string, unknown> = {}) => ({
  code: 'SEC-CODE',
  customerId: 'sec-c',
  storeVersionId: 'fi',
  loggedIn: true,
  cart: cart(3000),
  ...overrides,
});

/** Consent to marketing and segments (docs/segments.md); shop1 has segments seg_sec and seg_sec_del. */
const SEGMENT_OPERATIONS: Operation[] = [
  {
    resource: 'members',
    method: 'GET',
    path: '/v1/members/{customerId}/marketing-consent',
    url: '/v1/members/sec-c/marketing-consent',
    variant: {},
    scoped: true,
    cases: [
      { name: 'read', status: 200 },
      { name: 'unknown customer', status: 404, url: '/v1/members/nope/marketing-consent' },
    ],
  },
  {
    resource: 'members',
    method: 'PUT',
    path: '/v1/members/{customerId}/marketing-consent',
    url: '/v1/members/sec-c/marketing-consent',
    body: { granted: true },
    variant: { body: { granted: false } },
    scoped: true,
    cases: [
      { name: 'given', status: 200 },
      { name: 'unknown customer', status: 404, url: '/v1/members/nope/marketing-consent' },
    ],
  },
  {
    resource: 'members',
    method: 'POST',
    path: '/v1/segments',
    url: '/v1/segments',
    body: { name: 'Close to a code', filters: { pointsToNextTierMax: 20 } },
    variant: { body: { name: 'Consented', filters: { marketingConsent: true } } },
    scoped: false,
    cases: [
      { name: 'saved', status: 201 },
      {
        name: 'a range the wrong way round',
        status: 422,
        body: { name: 'x', filters: { balanceMin: 5, balanceMax: 1 } },
      },
    ],
  },
  {
    resource: 'members',
    method: 'GET',
    path: '/v1/segments',
    url: '/v1/segments',
    variant: {},
    scoped: false,
    cases: [{ name: 'listed', status: 200 }],
  },
  {
    resource: 'members',
    method: 'GET',
    path: '/v1/segments/{segmentId}',
    url: '/v1/segments/seg_sec',
    variant: {},
    scoped: true,
    cases: [
      { name: 'read and counted', status: 200 },
      { name: 'unknown', status: 404, url: '/v1/segments/nope' },
    ],
  },
  {
    resource: 'members',
    method: 'PUT',
    path: '/v1/segments/{segmentId}',
    url: '/v1/segments/seg_sec',
    body: { name: 'Everyone', filters: {} },
    variant: { body: { name: 'Everyone again', filters: {} } },
    scoped: true,
    cases: [
      { name: 'changed', status: 200 },
      { name: 'unknown', status: 404, url: '/v1/segments/nope' },
    ],
  },
  {
    resource: 'members',
    method: 'DELETE',
    path: '/v1/segments/{segmentId}',
    url: '/v1/segments/seg_sec_del',
    variant: {},
    scoped: true,
    cases: [
      { name: 'deleted', status: 200 },
      { name: 'deleted already', status: 404 },
    ],
  },
  {
    resource: 'members',
    method: 'GET',
    path: '/v1/segments/{segmentId}/members',
    url: '/v1/segments/seg_sec/members',
    variant: {},
    scoped: true,
    cases: [
      { name: 'exported', status: 200 },
      { name: 'unknown', status: 404, url: '/v1/segments/nope/members' },
    ],
  },
  {
    resource: 'members',
    method: 'GET',
    path: '/v1/segments/{segmentId}/audience',
    url: '/v1/segments/seg_sec/audience',
    variant: {},
    scoped: true,
    cases: [
      { name: 'exported', status: 200 },
      { name: 'unknown', status: 404, url: '/v1/segments/nope/audience' },
    ],
  },
  {
    resource: 'members',
    method: 'POST',
    path: '/v1/segments/{segmentId}/bonus-grants',
    url: '/v1/segments/seg_sec/bonus-grants',
    body: { grantId: 'sec-seg-grant', points: 5, reason: 'Thanks' },
    variant: { body: { grantId: 'sec-seg-grant-2', points: 5, reason: 'Thanks' } },
    scoped: true,
    cases: [
      { name: 'granted', status: 201 },
      { name: 'the same grant again', status: 200 },
      {
        name: 'the same id with other points',
        status: 409,
        body: { grantId: 'sec-seg-grant', points: 6, reason: 'Thanks' },
      },
      { name: 'unknown segment', status: 404, url: '/v1/segments/nope/bonus-grants' },
    ],
  },
];

export const OPERATIONS: Operation[] = [
  {
    resource: 'program',
    method: 'GET',
    path: '/v1/api-key',
    url: '/v1/api-key',
    variant: {},
    scoped: false,
    cases: [{ name: 'the key', status: 200 }],
  },
  {
    resource: 'program',
    method: 'GET',
    path: '/v1/program',
    url: '/v1/program',
    variant: {},
    scoped: false,
    cases: [
      { name: 'the program', status: 200 },
      { name: 'no program yet', status: 404, key: 'noProgram' },
    ],
  },
  {
    resource: 'program',
    method: 'POST',
    path: '/v1/program',
    url: '/v1/program',
    body: {},
    variant: { body: { settings: { name: 'Other' } } },
    scoped: false,
    cases: [
      { name: 'exists already', status: 200 },
      { name: 'invalid settings', status: 422, key: 'newProgram', body: { settings: { joinPoints: -1 } } },
      {
        name: 'created from presets',
        status: 201,
        key: 'newProgram',
        body: { settings: { name: 'Shop 4 club' } },
      },
    ],
  },
  {
    resource: 'program',
    method: 'PATCH',
    path: '/v1/program/settings',
    url: '/v1/program/settings',
    body: { joinPoints: 10 },
    variant: {},
    scoped: false,
    cases: [
      { name: 'changed', status: 200 },
      { name: 'no program', status: 404, key: 'noProgram' },
      {
        name: 'tiers out of order',
        status: 422,
        body: {
          tiers: [
            { points: 200, valueCents: 500 },
            { points: 100, valueCents: 1000 },
          ],
        },
      },
    ],
  },
  {
    resource: 'program',
    method: 'POST',
    path: '/v1/program/publish',
    url: '/v1/program/publish',
    variant: { body: { unexpected: true } },
    scoped: false,
    cases: [
      { name: 'published', status: 200 },
      { name: 'no program', status: 404, key: 'noProgram' },
      { name: 'no version selected', status: 409, key: 'newProgram' },
    ],
  },
  {
    resource: 'program',
    method: 'PUT',
    path: '/v1/program/store-versions/{storeVersionId}',
    url: '/v1/program/store-versions/sec-v',
    variant: {},
    scoped: true,
    cases: [
      { name: 'shown', status: 200 },
      { name: 'unknown version', status: 404, url: '/v1/program/store-versions/nope' },
      { name: 'requires login', status: 422, url: '/v1/program/store-versions/b2b' },
    ],
  },
  {
    resource: 'program',
    method: 'DELETE',
    path: '/v1/program/store-versions/{storeVersionId}',
    url: '/v1/program/store-versions/sec-v',
    variant: {},
    scoped: true,
    cases: [
      { name: 'hidden', status: 200 },
      { name: 'unknown version', status: 404, url: '/v1/program/store-versions/nope' },
    ],
  },
  {
    resource: 'program',
    method: 'GET',
    path: '/v1/mail-settings',
    url: '/v1/mail-settings',
    variant: {},
    scoped: false,
    cases: [{ name: 'the settings', status: 200 }],
  },
  {
    resource: 'program',
    method: 'PUT',
    path: '/v1/mail-settings',
    url: '/v1/mail-settings',
    body: { myAccountUrl: 'https://shop.example/account' },
    variant: {},
    scoped: false,
    cases: [
      { name: 'set', status: 200 },
      {
        name: 'a link that is not a web address',
        status: 422,
        body: { myAccountUrl: 'javascript:alert(1)' },
      },
    ],
  },
  {
    resource: 'program',
    method: 'GET',
    path: '/v1/store-versions',
    url: '/v1/store-versions',
    variant: {},
    scoped: false,
    cases: [{ name: 'the list', status: 200 }],
  },
  {
    resource: 'program',
    method: 'PUT',
    path: '/v1/store-versions/{storeVersionId}',
    url: '/v1/store-versions/sec-new',
    body: { name: 'Pop-up', requiresLogin: false },
    variant: {},
    scoped: false,
    cases: [
      { name: 'created', status: 201 },
      { name: 'updated', status: 200, body: { name: 'Pop-up store', requiresLogin: false } },
      {
        name: 'selected version cannot require login',
        status: 422,
        url: '/v1/store-versions/fi',
        body: { name: 'FI', requiresLogin: true },
      },
    ],
  },
  {
    resource: 'members',
    method: 'PUT',
    path: '/v1/customers/{customerId}',
    url: '/v1/customers/sec-new',
    body: { email: 'new@example.com', registeredAt: '2026-06-01T09:00:00+03:00' },
    variant: {},
    scoped: false,
    cases: [
      { name: 'created', status: 201 },
      {
        name: 'updated',
        // upsertCustomer tells an update by the creation time differing from now: let time pass.
        prepare: async (h) => h.clock.advance(1000),
        status: 200,
        body: { email: 'renamed@example.com', registeredAt: '2026-06-01T09:00:00+03:00' },
      },
    ],
  },
  {
    resource: 'members',
    method: 'GET',
    path: '/v1/customers/{customerId}',
    url: '/v1/customers/sec-c',
    variant: {},
    scoped: true,
    cases: [
      { name: 'found', status: 200 },
      { name: 'unknown', status: 404, url: '/v1/customers/nope' },
    ],
  },
  {
    resource: 'members',
    method: 'GET',
    path: '/v1/customers/{customerId}/personal-data',
    url: '/v1/customers/sec-c/personal-data',
    variant: {},
    scoped: true,
    cases: [
      { name: 'everything stored', status: 200 },
      { name: 'unknown', status: 404, url: '/v1/customers/nope/personal-data' },
    ],
  },
  {
    resource: 'members',
    method: 'POST',
    path: '/v1/customers/{customerId}/erase',
    url: '/v1/customers/sec-g/erase',
    variant: { url: '/v1/customers/sec-n/erase' },
    scoped: true,
    cases: [
      { name: 'erased', status: 200 },
      { name: 'erased before', status: 200 },
      { name: 'unknown', status: 404, url: '/v1/customers/nope/erase' },
    ],
  },
  {
    resource: 'members',
    method: 'POST',
    path: '/v1/members',
    url: '/v1/members',
    body: { customerId: 'sec-c', source: 'pos' },
    variant: { body: { customerId: 'sec-c', source: 'my_account' } },
    scoped: true,
    cases: [
      { name: 'joined', status: 201, body: { customerId: 'sec-n', source: 'my_account' } },
      { name: 'unknown customer', status: 404, body: { customerId: 'nope', source: 'pos' } },
      { name: 'already a member', status: 409 },
    ],
  },
  {
    resource: 'members',
    method: 'DELETE',
    path: '/v1/members/{customerId}',
    url: '/v1/members/sec-n',
    variant: {},
    scoped: true,
    cases: [
      { name: 'left', status: 200 },
      { name: 'not a member any more', status: 409 },
      { name: 'unknown', status: 404, url: '/v1/members/nope' },
    ],
  },
  {
    resource: 'members',
    method: 'GET',
    path: '/v1/members/{customerId}',
    url: '/v1/members/sec-c',
    variant: {},
    scoped: true,
    cases: [
      { name: 'found', status: 200 },
      { name: 'never joined', status: 404, url: '/v1/members/sec-g' },
    ],
  },
  {
    resource: 'members',
    method: 'GET',
    path: '/v1/members',
    url: '/v1/members?email=SEC-C@example.com',
    variant: {},
    scoped: false,
    cases: [
      { name: 'found by e-mail', status: 200 },
      { name: 'no criterion', status: 422, url: '/v1/members' },
    ],
  },
  {
    resource: 'members',
    method: 'GET',
    path: '/v1/members/{customerId}/ledger',
    url: '/v1/members/sec-c/ledger',
    variant: {},
    scoped: true,
    cases: [
      { name: 'a page', status: 200 },
      { name: 'unknown', status: 404, url: '/v1/members/nope/ledger' },
      { name: 'bad limit', status: 422, url: '/v1/members/sec-c/ledger?limit=0' },
    ],
  },
  {
    resource: 'members',
    method: 'GET',
    path: '/v1/members/{customerId}/codes',
    url: '/v1/members/sec-c/codes',
    variant: {},
    scoped: true,
    cases: [
      { name: 'the codes', status: 200 },
      { name: 'unknown', status: 404, url: '/v1/members/nope/codes' },
    ],
  },
  {
    resource: 'members',
    method: 'GET',
    path: '/v1/exports/members',
    url: '/v1/exports/members',
    variant: {},
    scoped: false,
    cases: [{ name: 'the members as JSON lines', status: 200 }],
  },
  {
    resource: 'members',
    method: 'GET',
    path: '/v1/exports/ledger',
    url: '/v1/exports/ledger?from=2026-06-01T00:00:00Z&to=2026-07-01T00:00:00Z',
    variant: {},
    scoped: false,
    cases: [
      { name: 'the ledger of a period as JSON lines', status: 200 },
      {
        name: 'a period that ends before it starts',
        status: 422,
        url: '/v1/exports/ledger?from=2026-07-01T00:00:00Z&to=2026-06-01T00:00:00Z',
      },
    ],
  },
  {
    resource: 'members',
    method: 'GET',
    path: '/v1/exports/codes',
    url: '/v1/exports/codes',
    variant: {},
    scoped: false,
    cases: [{ name: 'the codes as JSON lines', status: 200 }],
  },
  {
    resource: 'members',
    method: 'GET',
    path: '/v1/reports/liability',
    url: '/v1/reports/liability',
    variant: {},
    scoped: false,
    cases: [{ name: 'the points liability by month end', status: 200 }],
  },
  {
    resource: 'orders',
    method: 'GET',
    path: '/v1/exports/orders',
    url: '/v1/exports/orders?from=2026-06-01T00:00:00Z&to=2026-07-01T00:00:00Z',
    variant: {},
    scoped: false,
    cases: [
      { name: 'the orders of a period as JSON lines', status: 200 },
      {
        name: 'a period that ends before it starts',
        status: 422,
        url: '/v1/exports/orders?from=2026-07-01T00:00:00Z&to=2026-06-01T00:00:00Z',
      },
    ],
  },
  {
    resource: 'members',
    method: 'POST',
    path: '/v1/members/{customerId}/adjustments',
    url: '/v1/members/sec-c/adjustments',
    body: { points: 5, reason: 'Goodwill' },
    variant: { body: { points: 6, reason: 'Goodwill' } },
    scoped: true,
    cases: [
      { name: 'applied', status: 201, headers: { 'idempotency-key': 'adjust-contract-1' } },
      {
        name: 'the same adjustment after its idempotency key expired',
        status: 200,
        headers: { 'idempotency-key': 'adjust-contract-1' },
        prepare: async (h) => {
          await sql`delete from idempotency_keys where key = 'adjust-contract-1'`.execute(h.ctx.db);
        },
      },
      { name: 'unknown member', status: 404, url: '/v1/members/nope/adjustments' },
      { name: 'no reason', status: 422, body: { points: 5, reason: '  ' } },
    ],
  },
  {
    resource: 'orders',
    method: 'POST',
    path: '/v1/orders',
    url: '/v1/orders',
    body: orderBody('sec-o2', 'sec-c'),
    variant: { body: orderBody('sec-o3', 'sec-c') },
    scoped: true,
    cases: [
      { name: 'placed', status: 201 },
      { name: 'reported again', status: 200 },
      { name: 'unknown customer', status: 404, body: orderBody('sec-o4', 'nope') },
      {
        name: 'same id, other contents',
        status: 409,
        body: orderBody('sec-o2', 'sec-c', { shippingCents: 0, codeDiscountCents: 0 }),
      },
      {
        name: 'discount above total',
        status: 422,
        body: orderBody('sec-o5', 'sec-c', { orderDiscountCents: 99_999 }),
      },
    ],
  },
  {
    resource: 'orders',
    method: 'GET',
    path: '/v1/orders/{orderId}',
    url: '/v1/orders/sec-o',
    variant: {},
    scoped: true,
    cases: [
      { name: 'found', status: 200 },
      { name: 'unknown', status: 404, url: '/v1/orders/nope' },
    ],
  },
  {
    resource: 'orders',
    method: 'POST',
    path: '/v1/orders/{orderId}/deliver',
    url: '/v1/orders/sec-o/deliver',
    variant: { url: '/v1/orders/sec-guest/deliver' },
    scoped: true,
    cases: [
      { name: 'delivered', status: 200 },
      { name: 'unknown', status: 404, url: '/v1/orders/nope/deliver' },
      { name: 'cancelled', status: 409, url: '/v1/orders/sec-cancelled/deliver' },
    ],
  },
  {
    resource: 'orders',
    method: 'POST',
    path: '/v1/orders/{orderId}/returns',
    url: '/v1/orders/sec-o/returns',
    body: { id: 'sec-ret', lines: [{ lineNo: 2, quantity: 1 }] },
    variant: { body: { id: 'sec-ret-2', lines: [{ lineNo: 1, quantity: 1 }] } },
    scoped: true,
    cases: [
      { name: 'returned', status: 201 },
      { name: 'reported again', status: 200 },
      { name: 'unknown', status: 404, url: '/v1/orders/nope/returns' },
      { name: 'cancelled order', status: 409, url: '/v1/orders/sec-cancelled/returns' },
      {
        name: 'more than ordered',
        status: 422,
        body: { id: 'sec-ret-3', lines: [{ lineNo: 2, quantity: 1 }] },
      },
    ],
  },
  {
    resource: 'orders',
    method: 'POST',
    path: '/v1/orders/{orderId}/cancel',
    url: '/v1/orders/sec-guest/cancel',
    variant: { url: '/v1/orders/sec-o/cancel' },
    scoped: true,
    cases: [
      { name: 'cancelled', status: 200 },
      { name: 'unknown', status: 404, url: '/v1/orders/nope/cancel' },
    ],
  },
  {
    resource: 'orders',
    method: 'POST',
    path: '/v1/sales',
    url: '/v1/sales',
    body: orderBody('sec-s1', 'sec-c'),
    variant: { body: orderBody('sec-s2', 'sec-c') },
    scoped: true,
    cases: [
      { name: 'sold', status: 201 },
      { name: 'reported again', status: 200 },
      { name: 'unknown customer', status: 404, body: orderBody('sec-s3', 'nope') },
      { name: 'a cancelled order id', status: 409, body: orderBody('sec-cancelled', 'sec-c') },
    ],
  },
  {
    resource: 'orders',
    method: 'POST',
    path: '/v1/order-events',
    url: '/v1/order-events',
    body: {
      events: [
        { kind: 'placed', ...orderBody('sec-b1', 'sec-c') },
        { kind: 'delivered', orderId: 'sec-b1' },
      ],
    },
    variant: { body: { events: [{ kind: 'cancelled', orderId: 'sec-guest' }] } },
    // Each event is answered in its own result: another shop's key gets 200 with a 404 per
    // event (test/http/bulk-events.test.ts), not a 404 for the request.
    scoped: false,
    cases: [
      { name: 'recorded', status: 200 },
      {
        name: 'more than 1,000 events',
        status: 422,
        body: { events: Array.from({ length: 1001 }, () => ({ kind: 'delivered', orderId: 'sec-o' })) },
      },
    ],
  },
  {
    resource: 'orders',
    method: 'POST',
    path: '/v1/reviews',
    url: '/v1/reviews',
    body: { id: 'sec-r2', orderId: 'sec-o', productId: 'scarf' },
    variant: { body: { id: 'sec-r3', orderId: 'sec-o', productId: 'scarf' } },
    scoped: true,
    cases: [
      { name: 'submitted', status: 201 },
      { name: 'reported again', status: 200 },
      { name: 'unknown order', status: 404, body: { id: 'sec-r4', orderId: 'nope', productId: 'scarf' } },
      {
        name: 'a guest order',
        status: 422,
        body: { id: 'sec-r5', orderId: 'sec-guest', productId: 'scarf' },
      },
    ],
  },
  {
    resource: 'orders',
    method: 'POST',
    path: '/v1/reviews/{reviewId}/approve',
    url: '/v1/reviews/sec-r/approve',
    variant: { url: '/v1/reviews/sec-r2/approve' },
    scoped: true,
    cases: [
      { name: 'approved', status: 200 },
      { name: 'unknown', status: 404, url: '/v1/reviews/nope/approve' },
    ],
  },
  {
    resource: 'orders',
    method: 'POST',
    path: '/v1/reviews/{reviewId}/reject',
    url: '/v1/reviews/sec-r2/reject',
    variant: { url: '/v1/reviews/sec-r/reject' },
    scoped: true,
    cases: [
      { name: 'rejected', status: 200 },
      { name: 'unknown', status: 404, url: '/v1/reviews/nope/reject' },
    ],
  },
  {
    resource: 'checkout',
    method: 'POST',
    path: '/v1/checkout/code-checks',
    url: '/v1/checkout/code-checks',
    body: checkout(),
    variant: { body: checkout({ cart: cart(100) }) },
    scoped: false,
    readOnlyAllowed: true,
    cases: [
      { name: 'checked', status: 200 },
      { name: 'no program', status: 404, key: 'noProgram', body: checkout({ clientIp: '192.0.2.10' }) },
      {
        name: 'too many checks for one customer',
        status: 429,
        prepare: async (h) => {
          for (let i = 0; i < 10; i++) {
            await h.call('POST', '/v1/checkout/code-checks', {
              body: checkout({ customerId: 'limit-c', clientIp: '192.0.2.1' }),
            });
          }
        },
        body: checkout({ customerId: 'limit-c', clientIp: '192.0.2.1' }),
      },
    ],
  },
  {
    resource: 'checkout',
    method: 'POST',
    path: '/v1/checkout/redemptions',
    url: '/v1/checkout/redemptions',
    body: checkout({ orderId: 'sec-o2' }),
    variant: { body: checkout({ code: 'SEC-CODE-2', orderId: 'sec-o2' }) },
    scoped: false,
    cases: [
      { name: 'redeemed', status: 201 },
      { name: 'asked again for the same order', status: 200 },
      { name: 'no program', status: 404, key: 'noProgram' },
      { name: 'used by another order', status: 409, body: checkout({ orderId: 'sec-s1' }) },
      {
        name: 'a customer over the code budget',
        status: 429,
        prepare: async (h) => {
          for (let i = 0; i < 10; i++) {
            await h.call('POST', '/v1/checkout/code-checks', {
              body: checkout({ customerId: 'limit-r', clientIp: '192.0.2.3' }),
            });
          }
        },
        body: checkout({ customerId: 'limit-r', orderId: 'sec-o2', clientIp: '192.0.2.3' }),
      },
    ],
  },
  {
    resource: 'checkout',
    method: 'POST',
    path: '/v1/points-preview',
    url: '/v1/points-preview',
    body: { storeVersionId: 'fi', lines: [{ productId: 'p', quantity: 1, unitPriceCents: 1290 }] },
    variant: {
      body: { storeVersionId: 'en', lines: [{ productId: 'p', quantity: 1, unitPriceCents: 1290 }] },
    },
    scoped: false,
    readOnlyAllowed: true,
    cases: [
      { name: 'previewed', status: 200 },
      { name: 'no program', status: 404, key: 'noProgram' },
      {
        name: 'discount above the cart',
        status: 422,
        body: {
          storeVersionId: 'fi',
          lines: [{ productId: 'p', quantity: 1, unitPriceCents: 100 }],
          orderDiscountCents: 500,
        },
      },
    ],
  },
  {
    resource: 'checkout',
    method: 'GET',
    path: '/v1/storefront-origins',
    url: '/v1/storefront-origins',
    variant: {},
    scoped: false,
    cases: [{ name: 'listed', status: 200 }],
  },
  {
    resource: 'checkout',
    method: 'PUT',
    path: '/v1/storefront-origins',
    url: '/v1/storefront-origins',
    body: { origins: ['https://shop.example'] },
    variant: { body: { origins: ['https://other.example'] } },
    scoped: false,
    cases: [
      { name: 'replaced', status: 200 },
      { name: 'not an origin', status: 422, body: { origins: ['https://shop.example/path'] } },
    ],
  },
  ...SEGMENT_OPERATIONS,
  ...CAMPAIGN_OPERATIONS,
  ...WEBHOOK_OPERATIONS,
];

export function operationsOf(resource: Resource): Operation[] {
  return OPERATIONS.filter((o) => o.resource === resource);
}

/** The request of an operation with one path id left blank, for the validation checks. */
export function withBlankId(op: Operation): string | null {
  if (!op.path.includes('{')) return null;
  const templateParts = op.path.split('/');
  const urlParts = op.url.split('?')[0]!.split('/');
  const index = templateParts.findIndex((p) => p.startsWith('{'));
  urlParts[index] = BLANK_ID;
  return urlParts.join('/');
}
