import { sql } from 'kysely';
import type { AppContext } from '../../src/app/context.ts';
import { upsertCustomer } from '../../src/app/customers/upsert-customer.ts';
import { currentBalance } from '../../src/app/ledger/balance.ts';
import type { PlaceOrderInput } from '../../src/app/orders/place-order.ts';
import { createProgram, publishProgram } from '../../src/app/program/manage-program.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import type { ProgramSettings } from '../../src/domain/program/settings.ts';
import { type TestApp, testApp } from './database.ts';
import { specExampleAmounts } from './spec-example.ts';

/** The store versions of publishedShop's shops: two web shops, and a wholesale site requiring login. */
export const FINNISH_WEB_SHOP = { id: 'fi', name: 'Verkkokauppa', requiresLogin: false };
export const ENGLISH_WEB_SHOP = { id: 'en', name: 'Web shop', requiresLogin: false };
export const WHOLESALE_SITE = { id: 'b2b', name: 'Wholesale', requiresLogin: true };

/** A shop with a Finnish and an English web shop, a B2B site requiring login, a published program and customers c1–c3. */
export async function publishedShop(
  ctx: AppContext,
  shopId: string,
  settings: Partial<ProgramSettings> = {},
): Promise<void> {
  await createShop(ctx, {
    id: shopId,
    name: `Shop ${shopId}`,
    storeVersions: [FINNISH_WEB_SHOP, ENGLISH_WEB_SHOP, WHOLESALE_SITE],
  });
  await createProgram(ctx, shopId, { storeVersionIds: ['fi', 'en'], ...settings });
  await publishProgram(ctx, shopId);
  for (const id of ['c1', 'c2', 'c3']) {
    await upsertCustomer(ctx, {
      shopId,
      customerId: id,
      email: `${id}@example.com`,
      name: `Customer ${id}`,
      registeredAt: ctx.clock.now(),
    });
  }
}

/** A test app whose database holds publishedShop(shopId, settings). */
export async function testAppWithPublishedShop(
  shopId: string,
  settings: Partial<ProgramSettings> = {},
): Promise<TestApp> {
  const app = await testApp();
  await publishedShop(app.ctx, shopId, settings);
  return app;
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
