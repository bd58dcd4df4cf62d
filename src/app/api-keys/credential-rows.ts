import { type Selectable, sql, type UpdateQueryBuilder } from 'kysely';
import type { Database, StorefrontSecretsTable } from '../../db/schema.ts';
import type { ApiKeysTable } from '../../db/tables-api.ts';
import type { AppContext } from '../context.ts';
import { requireShop } from '../program/load-program.ts';

/** The tables of a shop's credentials: its store API keys and its storefront secrets. */
export type ShopCredentialTable = 'api_keys' | 'storefront_secrets';

/** When a credential was made, revoked and last used: what every list of keys or secrets shows. */
export interface CredentialLife {
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** A credential's row's life, as its summary carries it. */
export function lifeOf(row: {
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}): CredentialLife {
  return { createdAt: row.created_at, revokedAt: row.revoked_at, lastUsedAt: row.last_used_at };
}

/**
 * A shop's credentials of one kind, newest first, whole rows (the callers' summaries leave the
 * hash and the secret out); `shop_not_found` for a shop that does not exist.
 */
export function shopCredentialRows(
  ctx: AppContext,
  table: 'api_keys',
  shopId: string,
): Promise<Selectable<ApiKeysTable>[]>;
export function shopCredentialRows(
  ctx: AppContext,
  table: 'storefront_secrets',
  shopId: string,
): Promise<Selectable<StorefrontSecretsTable>[]>;
export async function shopCredentialRows(ctx: AppContext, table: ShopCredentialTable, shopId: string) {
  await requireShop(ctx.db, shopId);
  return ctx.db
    .selectFrom(table)
    .selectAll()
    .where('shop_id', '=', shopId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

/** What every credential's lookup returns: its shop, whether it is revoked and its shop's state. */
interface CredentialState {
  shop_id: string;
  revoked_at: Date | null;
  shop_status: 'active' | 'suspended';
}

/**
 * The statement that finds a credential with its shop (joined as `shops`) and, in the same
 * statement, notes that it was used now unless it is revoked. It returns the credential's
 * `CredentialState`; the caller names the credential and what else to return.
 */
export function credentialUse(ctx: AppContext, table: 'api_keys', now: Date): CredentialUse<'api_keys'>;
export function credentialUse(
  ctx: AppContext,
  table: 'storefront_secrets',
  now: Date,
): CredentialUse<'storefront_secrets'>;
export function credentialUse(ctx: AppContext, table: ShopCredentialTable, now: Date) {
  return ctx.db
    .updateTable(table)
    .from('shops')
    .set({
      last_used_at: sql<Date | null>`case when ${sql.ref(`${table}.revoked_at`)} is null then ${now} else ${sql.ref(`${table}.last_used_at`)} end`,
    })
    .whereRef('shops.id', '=', `${table}.shop_id`)
    .returning([`${table}.shop_id`, `${table}.revoked_at`, 'shops.status as shop_status']);
}

type CredentialUse<T extends ShopCredentialTable> = UpdateQueryBuilder<
  Database,
  T,
  T | 'shops',
  CredentialState
>;

/** The refusals every credential's lookup shares. */
export type CredentialRefusal =
  | { status: 'revoked' }
  | { status: 'suspended'; shopId: string }
  | { status: 'unknown' };

/**
 * The answer to a lookup: unknown without a row, revoked, its shop suspended, or else what `valid`
 * makes of the row.
 */
export function lookupAnswer<R extends CredentialState, V>(
  row: R | undefined,
  valid: (row: R) => V,
): V | CredentialRefusal {
  if (!row) return { status: 'unknown' };
  if (row.revoked_at) return { status: 'revoked' };
  if (row.shop_status === 'suspended') return { status: 'suspended', shopId: row.shop_id };
  return valid(row);
}
