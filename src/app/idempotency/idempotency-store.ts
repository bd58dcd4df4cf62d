import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { IdempotencyKeysTable } from '../../db/tables-api.ts';

/** How long a key and its stored response are kept. */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** A first request still marked running after this long is taken to have died with its process. */
export const STALE_RUNNING_MS = 60 * 1000;

export type StoredKey = Selectable<IdempotencyKeysTable>;

export interface Claim {
  shopId: string;
  key: string;
  fingerprint: string;
  method: string;
  path: string;
  now: Date;
}

/**
 * Marks the key as taken by this request, atomically: of two concurrent requests with one key,
 * exactly one claims it. An expired key, or a stale one left running by the same request, is
 * taken over. Otherwise the existing record is returned for the caller to replay or refuse.
 */
export async function claimKey(
  db: Db,
  claim: Claim,
): Promise<{ claimed: true } | { claimed: false; existing: StoredKey }> {
  const expired = new Date(claim.now.getTime() - KEY_LIFETIME_MS);
  const stale = new Date(claim.now.getTime() - STALE_RUNNING_MS);
  const taken = await sql<{ key: string }>`
    insert into idempotency_keys (shop_id, key, fingerprint, method, path, created_at)
    values (${claim.shopId}, ${claim.key}, ${claim.fingerprint}, ${claim.method}, ${claim.path}, ${claim.now})
    on conflict (shop_id, key) do update
      set fingerprint = excluded.fingerprint, method = excluded.method, path = excluded.path,
          status = null, content_type = null, response_body = null,
          created_at = excluded.created_at, completed_at = null
      where idempotency_keys.created_at < ${expired}
         or (idempotency_keys.status is null and idempotency_keys.created_at < ${stale}
             and idempotency_keys.fingerprint = excluded.fingerprint)
    returning key`.execute(db);
  if (taken.rows.length > 0) return { claimed: true };
  const existing = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('shop_id', '=', claim.shopId)
    .where('key', '=', claim.key)
    .executeTakeFirst();
  // Deleted in between by the pruning job: try once more.
  if (!existing) return claimKey(db, claim);
  return { claimed: false, existing };
}

export async function storeResponse(
  db: Db,
  input: { shopId: string; key: string; status: number; contentType: string | null; body: string; now: Date },
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({
      status: input.status,
      content_type: input.contentType,
      response_body: input.body,
      completed_at: input.now,
    })
    .where('shop_id', '=', input.shopId)
    .where('key', '=', input.key)
    .execute();
}

/** Frees a key whose request failed on our side, so that a retry runs again. */
export async function releaseKey(db: Db, shopId: string, key: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('shop_id', '=', shopId)
    .where('key', '=', key)
    .where('status', 'is', null)
    .execute();
}

/** Deletes keys older than their lifetime; returns how many. */
export async function pruneKeys(db: Db, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', new Date(now.getTime() - KEY_LIFETIME_MS))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
