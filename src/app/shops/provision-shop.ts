import type { Selectable } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { ShopsTable } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { MAX_REASON_LENGTH } from '../../domain/limits.ts';
import type { Language } from '../../domain/program/settings.ts';
import { type NewShopInput, newShopProfile } from '../../domain/shops/new-shop.ts';
import { createAdminUser } from '../admin-users/users.ts';
import type { AppContext } from '../context.ts';
import { insertShop } from './create-shop.ts';
import { shopNotFound } from './shop-with-program.ts';

/** A shop as the operator sees it (`loyalty shop show`, `GET /v1/operator/shops/{shopId}`). */
export interface ShopView {
  id: string;
  name: string;
  timeZone: string;
  language: Language;
  currency: string;
  status: 'active' | 'suspended';
  suspendedAt: Date | null;
  suspendedReason: string | null;
  createdAt: Date;
}

export interface ProvisionShopInput extends NewShopInput {
  /** The shop's first admin user, with a generated password returned once. */
  adminEmail?: string | undefined;
}

export interface ProvisionedShop {
  shop: ShopView;
  adminUser: { email: string; password: string } | null;
}

/**
 * Creates a shop for the operator: its id, name, time zone, language and currency checked, and
 * optionally its first admin user; all of it or nothing (`shop_exists` when the id is taken).
 * No store version is made: the merchant adds the shop's own.
 */
export async function provisionShop(ctx: AppContext, input: ProvisionShopInput): Promise<ProvisionedShop> {
  const profile = newShopProfile(input);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await insertShop(trx, { ...profile, storeVersions: [] }, now);
    let adminUser: ProvisionedShop['adminUser'] = null;
    if (input.adminEmail !== undefined) {
      const created = await createAdminUser(
        { db: trx, clock: ctx.clock },
        { shopId: profile.id, email: input.adminEmail, language: profile.language },
      ).catch((error: unknown) => {
        throw asAdminEmailError(error);
      });
      adminUser = { email: created.user.email, password: created.password };
    }
    return { shop: await readShop(trx, profile.id), adminUser };
  });
}

/** The admin user's refusals name the field of this input. */
function asAdminEmailError(error: unknown): unknown {
  if (!(error instanceof DomainError) || error.code !== 'invalid_input') return error;
  const fields = error.fields.map((f) => (f.field === 'email' ? { ...f, field: 'adminEmail' } : f));
  return new DomainError(error.code, error.message, fields);
}

/** Shops by id, a page at a time: those after `after`, at most `limit`, and whether there are more. */
export async function listShops(
  ctx: AppContext,
  page: { limit: number; after?: string | undefined },
): Promise<{ shops: ShopView[]; hasMore: boolean }> {
  let query = ctx.db
    .selectFrom('shops')
    .select(SHOP_COLUMNS)
    .orderBy('id')
    .limit(page.limit + 1);
  if (page.after !== undefined) query = query.where('id', '>', page.after);
  const rows = await query.execute();
  return { shops: rows.slice(0, page.limit).map(shopView), hasMore: rows.length > page.limit };
}

/** One shop; `shop_not_found` when there is none with this id. */
export function showShop(ctx: AppContext, shopId: string): Promise<ShopView> {
  return readShop(ctx.db, shopId);
}

/**
 * Suspends the shop: its API keys are refused (403 `shop_suspended`) within the time servers
 * cache a key, and its admin says why. Nothing is deleted. Suspending it again changes nothing.
 */
export async function suspendShop(
  ctx: AppContext,
  shopId: string,
  reason: string | null,
): Promise<{ outcome: 'applied' | 'duplicate'; shop: ShopView }> {
  const text = reason?.trim() || null;
  if (text && text.length > MAX_REASON_LENGTH) {
    throw new DomainError('invalid_input', 'The reason is too long', [
      { field: 'reason', message: `At most ${MAX_REASON_LENGTH} characters` },
    ]);
  }
  return changeStatus(ctx, shopId, 'active', {
    status: 'suspended',
    suspended_at: ctx.clock.now(),
    suspended_reason: text,
  });
}

/** Lifts a suspension; resuming an active shop changes nothing. */
export async function resumeShop(
  ctx: AppContext,
  shopId: string,
): Promise<{ outcome: 'applied' | 'duplicate'; shop: ShopView }> {
  return changeStatus(ctx, shopId, 'suspended', {
    status: 'active',
    suspended_at: null,
    suspended_reason: null,
  });
}

/**
 * Moves a shop in status `from` to `to`; a shop not in `from` is left as it is (`duplicate`), so of
 * two changes at once exactly one applies.
 */
async function changeStatus(
  ctx: AppContext,
  shopId: string,
  from: 'active' | 'suspended',
  to: { status: 'active' | 'suspended'; suspended_at: Date | null; suspended_reason: string | null },
): Promise<{ outcome: 'applied' | 'duplicate'; shop: ShopView }> {
  const updated = await ctx.db
    .updateTable('shops')
    .set(to)
    .where('id', '=', shopId)
    .where('status', '=', from)
    .returning(SHOP_COLUMNS)
    .executeTakeFirst();
  if (updated) return { outcome: 'applied', shop: shopView(updated) };
  return { outcome: 'duplicate', shop: await readShop(ctx.db, shopId) };
}

/** Why the shop is suspended, or null when it is not (or does not exist): for the admin's banner. */
export async function shopSuspension(
  ctx: AppContext,
  shopId: string,
): Promise<{ suspendedAt: Date; reason: string | null } | null> {
  const row = await ctx.db
    .selectFrom('shops')
    .select(['status', 'suspended_at', 'suspended_reason'])
    .where('id', '=', shopId)
    .executeTakeFirst();
  if (row?.status !== 'suspended' || !row.suspended_at) return null;
  return { suspendedAt: row.suspended_at, reason: row.suspended_reason };
}

const SHOP_COLUMNS = [
  'id',
  'name',
  'time_zone',
  'language',
  'currency',
  'status',
  'suspended_at',
  'suspended_reason',
  'created_at',
] as const;

type ShopRow = Pick<Selectable<ShopsTable>, (typeof SHOP_COLUMNS)[number]>;

async function readShop(db: Executor, shopId: string): Promise<ShopView> {
  const row = await db.selectFrom('shops').select(SHOP_COLUMNS).where('id', '=', shopId).executeTakeFirst();
  if (!row) throw shopNotFound(shopId);
  return shopView(row);
}

function shopView(row: ShopRow): ShopView {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    language: row.language,
    currency: row.currency,
    status: row.status,
    suspendedAt: row.suspended_at,
    suspendedReason: row.suspended_reason,
    createdAt: row.created_at,
  };
}
