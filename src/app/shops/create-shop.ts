import type { Executor } from '../../db/connect.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Language } from '../../domain/program/settings.ts';
import type { AppContext } from '../context.ts';
import { shopNotFound } from './shop-with-program.ts';

export interface StoreVersionInput {
  id: string;
  name: string;
  requiresLogin: boolean;
}

export interface CreateShopInput {
  id: string;
  name: string;
  storeVersions: StoreVersionInput[];
  /** The defaults of the program's settings (Europe/Helsinki, fi and EUR when left out). */
  timeZone?: string;
  language?: Language;
  currency?: string;
}

export async function createShop(ctx: AppContext, input: CreateShopInput): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute((trx) => insertShop(trx, input, now));
}

/** Inserts the shop and its store versions on `db` (a transaction); `shop_exists` when the id is taken. */
export async function insertShop(db: Executor, input: CreateShopInput, now: Date): Promise<void> {
  const inserted = await db
    .insertInto('shops')
    .values({
      id: input.id,
      name: input.name,
      created_at: now,
      ...(input.timeZone ? { time_zone: input.timeZone } : {}),
      ...(input.language ? { language: input.language } : {}),
      ...(input.currency ? { currency: input.currency } : {}),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    throw new DomainError('shop_exists', `Shop "${input.id}" already exists`, [
      { field: 'id', message: 'A shop with this id exists; choose another id' },
    ]);
  }
  if (input.storeVersions.length) {
    await db
      .insertInto('store_versions')
      .values(
        input.storeVersions.map((v) => ({
          shop_id: input.id,
          id: v.id,
          name: v.name,
          requires_login: v.requiresLogin,
          created_at: now,
        })),
      )
      .execute();
  }
}

export async function addStoreVersion(
  ctx: AppContext,
  shopId: string,
  version: StoreVersionInput,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const shop = await trx.selectFrom('shops').select('id').where('id', '=', shopId).executeTakeFirst();
    if (!shop) throw shopNotFound(shopId);
    await trx
      .insertInto('store_versions')
      .values({
        shop_id: shopId,
        id: version.id,
        name: version.name,
        requires_login: version.requiresLogin,
        created_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(['shop_id', 'id'])
          .doUpdateSet({ name: version.name, requires_login: version.requiresLogin }),
      )
      .execute();
  });
}
