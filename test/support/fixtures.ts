import { sql } from 'kysely';
import type { AppContext } from '../../src/app/context.ts';
import { type CustomerInput, upsertCustomer } from '../../src/app/customers/upsert-customer.ts';
import { currentBalance } from '../../src/app/ledger/balance.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import type { PlaceOrderInput } from '../../src/app/orders/place-order.ts';
import { createProgram, publishProgram } from '../../src/app/program/manage-program.ts';
import { createShop, type StoreVersionInput } from '../../src/app/shops/create-shop.ts';
import type { ProgramSettings } from '../../src/domain/program/settings.ts';
import { type TestApp, testApp } from './database.ts';
import { specExampleAmounts } from './spec-example.ts';
import { prepared } from './suite-fixture.ts';

/** The store versions of publishedShop's shops: two web shops, and a wholesale site requiring login. */
export const FINNISH_WEB_SHOP = { id: 'fi', name: 'Verkkokauppa', requiresLogin: false };
export const ENGLISH_WEB_SHOP = { id: 'en', name: 'Web shop', requiresLogin: false };
export const WHOLESALE_SITE = { id: 'b2b', name: 'Wholesale', requiresLogin: true };

/** A new shop "Shop <id>" with these store versions and no program yet. */
export function newShop(
  ctx: AppContext,
  shopId: string,
  storeVersions: StoreVersionInput[] = [],
): Promise<void> {
  return createShop(ctx, { id: shopId, name: `Shop ${shopId}`, storeVersions });
}

/** What a test may say of a new customer; what it leaves out is "Customer <id>" at <id>@example.com. */
export type CustomerDetails = Pick<CustomerInput, 'email' | 'phone' | 'name' | 'language'>;

/** A customer of the shop registered now (null in `details`: the store sent no such detail). */
export async function newCustomer(
  ctx: AppContext,
  shopId: string,
  customerId: string,
  details: CustomerDetails = {},
): Promise<void> {
  const email = details.email === undefined ? `${customerId}@example.com` : details.email;
  const name = details.name === undefined ? `Customer ${customerId}` : details.name;
  await upsertCustomer(ctx, { shopId, customerId, ...details, email, name, registeredAt: ctx.clock.now() });
}

/** A shop with a Finnish and an English web shop, a B2B site requiring login, a published program and customers c1–c3. */
export async function publishedShop(
  ctx: AppContext,
  shopId: string,
  settings: Partial<ProgramSettings> = {},
): Promise<void> {
  await newShop(ctx, shopId, [FINNISH_WEB_SHOP, ENGLISH_WEB_SHOP, WHOLESALE_SITE]);
  await createProgram(ctx, shopId, { storeVersionIds: ['fi', 'en'], ...settings });
  await publishProgram(ctx, shopId);
  for (const id of ['c1', 'c2', 'c3']) await newCustomer(ctx, shopId, id);
}

/** publishedShop, with c1 a member who joined at registration. */
export async function publishedShopWithMember(
  ctx: AppContext,
  shopId: string,
  settings: Partial<ProgramSettings> = {},
): Promise<void> {
  await publishedShop(ctx, shopId, settings);
  await joinProgram(ctx, { shopId, customerId: 'c1', source: 'registration' });
}

/** A test app whose database holds publishedShop(shopId, settings). */
export async function testAppWithPublishedShop(
  shopId: string,
  settings: Partial<ProgramSettings> = {},
): Promise<TestApp> {
  return prepared(testApp(), (app) => publishedShop(app.ctx, shopId, settings));
}

/** A test app whose database holds publishedShopWithMember(shopId, settings). */
export async function testAppWithMember(
  shopId: string,
  settings: Partial<ProgramSettings> = {},
): Promise<TestApp> {
  return prepared(testApp(), (app) => publishedShopWithMember(app.ctx, shopId, settings));
}

/** The SPEC example (spec-example.ts) as a placed order of a shop's customer (null: a guest). */
export function specOrder(
  shopId: string,
  orderId: string,
  customerId: string | null,
  at: Date,
): PlaceOrderInput {
  return {
    shopId,
    orderId,
    customerId,
    storeVersionId: 'fi',
    channel: 'web',
    loggedIn: customerId !== null,
    placedAt: at,
    ...specExampleAmounts(),
  };
}

/**
 * An order of `quantity` units of one product at `unitCents` each, with no discount, shipping or
 * fee: all of it eligible, so what it earns and bills follows from its numbers alone.
 */
export function oneLineOrder(
  shopId: string,
  orderId: string,
  customerId: string | null,
  at: Date,
  unitCents: number,
  quantity = 1,
): PlaceOrderInput {
  return {
    ...specOrder(shopId, orderId, customerId, at),
    lines: [{ productId: 'p', quantity, unitPriceCents: unitCents, lineDiscountCents: 0, giftCard: false }],
    orderDiscountCents: 0,
    codeDiscountCents: 0,
    shippingCents: 0,
    paymentFeeCents: 0,
  };
}

export function balanceOf(ctx: AppContext, shopId: string, customerId: string): Promise<number> {
  return currentBalance(ctx.db, shopId, customerId);
}

export async function ledgerSum(ctx: AppContext, shopId: string, customerId: string): Promise<number> {
  const row = await sql<{ total: number }>`
    select coalesce(sum(points), 0)::bigint as total from ledger_entries
    where shop_id = ${shopId} and customer_id = ${customerId}`.execute(ctx.db);
  return row.rows[0]!.total;
}

/**
 * Puts a discount code straight into the shop's codes, as the monthly conversion would issue it,
 * for tests of checking and redeeming codes. Defaults: active, 5 EUR for 100 points, issued now,
 * valid three months.
 */
export async function insertCode(
  ctx: AppContext,
  input: {
    shopId: string;
    code: string;
    customerId: string;
    valueCents?: number;
    points?: number;
    period?: string;
    issuedAt?: Date;
    expiresAt?: Date;
    status?: 'active' | 'used' | 'restored';
    usedOrderId?: string | null;
  },
): Promise<void> {
  const issuedAt = input.issuedAt ?? ctx.clock.now();
  await ctx.db
    .insertInto('discount_codes')
    .values({
      shop_id: input.shopId,
      code: input.code,
      customer_id: input.customerId,
      period: input.period ?? `T-${input.code}`,
      value_cents: input.valueCents ?? 500,
      points: input.points ?? 100,
      issued_at: issuedAt,
      expires_at: input.expiresAt ?? new Date(issuedAt.getTime() + 92 * 24 * 3600 * 1000),
      status: input.status ?? 'active',
      used_order_id: input.usedOrderId ?? null,
      used_at: input.status === 'used' ? issuedAt : null,
    })
    .execute();
}
