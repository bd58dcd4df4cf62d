import type { Kysely, Selectable } from 'kysely';
import type { Executor } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';

/** The tables whose rows a shop names by an id of its own: their key is (`shop_id`, `id`). */
export type ShopIdTable = {
  [T in keyof Database]: Database[T] extends { shop_id: string; id: string } ? T : never;
}[keyof Database];

/** The tables that keep when each row was made, newest first being how a shop lists them. */
type ShopCreatedTable = {
  [T in ShopIdTable]: Database[T] extends { created_at: unknown } ? T : never;
}[ShopIdTable];

/**
 * Kysely cannot name the columns of a table chosen by a type parameter, so these read and delete through
 * an untyped view of the same handle; every table they accept has the columns they name.
 */
const untyped = (db: Executor) => db as unknown as Kysely<Record<string, Record<string, unknown>>>;

/**
 * This shop's row of `table` with this id, or undefined. `'for update'` holds the row until the
 * transaction ends, so that what is decided from it cannot be overtaken by another writer.
 */
export function shopRowById<T extends ShopIdTable>(
  db: Executor,
  table: T,
  shopId: string,
  id: string,
  lock?: 'for update',
): Promise<Selectable<Database[T]> | undefined> {
  const query = untyped(db).selectFrom(table).selectAll().where('shop_id', '=', shopId).where('id', '=', id);
  return (lock ? query.forUpdate() : query).executeTakeFirst() as Promise<
    Selectable<Database[T]> | undefined
  >;
}

/** Deletes this shop's row of `table` with this id; whether there was one. */
export async function deleteShopRowById(
  db: Executor,
  table: ShopIdTable,
  shopId: string,
  id: string,
): Promise<boolean> {
  const result = await untyped(db)
    .deleteFrom(table)
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The shop's latest `limit` rows of `table`, newest first (the id orders rows made together). */
export function newestShopRows<T extends ShopCreatedTable>(
  db: Executor,
  table: T,
  shopId: string,
  limit: number,
): Promise<Selectable<Database[T]>[]> {
  return untyped(db)
    .selectFrom(table)
    .selectAll()
    .where('shop_id', '=', shopId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute() as Promise<Selectable<Database[T]>[]>;
}
