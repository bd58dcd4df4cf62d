import { createHash } from 'node:crypto';
import { type AdminSession, resolveSession, SESSION_HOURS } from '../app/admin-users/sessions.ts';
import type { AppContext } from '../app/context.ts';
import { findProgram, type Program } from '../app/program/load-program.ts';
import { listStoreVersions, type StoreVersionView } from '../app/store-versions/list-store-versions.ts';
import { keepsTableStamps, tablesStamp } from '../app/table-stamps.ts';

/**
 * Rows every admin page reads (the session, the shop's program, its store versions), kept in the
 * process while the tables they come from are unchanged. Only on the embedded database, where the
 * process sees every write (`tablesStamp`): a change of the program's settings, a publication, a
 * new or changed store version, a sign-out or a new password shows on the next request, as if
 * nothing were kept. On PostgreSQL every request reads them.
 */

/** Entries kept per database; the oldest goes first. A guard, far above the shops one process serves. */
export const KEPT_ROWS = 2_000;

interface Entry {
  stamp: number;
  /** What the value was made from besides the tables (the program for its store versions). */
  basis: unknown;
  value: Promise<unknown>;
}

const keptByDb = new WeakMap<object, Map<string, Entry>>();

function kept<V>(
  ctx: AppContext,
  key: string,
  tables: readonly string[],
  basis: unknown,
  read: () => Promise<V>,
): Promise<V> {
  const stamp = tablesStamp(ctx, tables);
  if (stamp === undefined) return read();
  let entries = keptByDb.get(ctx.db);
  if (!entries) {
    entries = new Map();
    keptByDb.set(ctx.db, entries);
  }
  const hit = entries.get(key);
  if (hit && hit.stamp === stamp && hit.basis === basis) return hit.value as Promise<V>;
  // The stamp is taken before the read: a write while it runs makes the entry stale at once.
  const value = read();
  const entry: Entry = { stamp, basis, value };
  entries.delete(key);
  entries.set(key, entry);
  const map = entries;
  value.catch(() => {
    if (map.get(key) === entry) map.delete(key);
  });
  while (entries.size > KEPT_ROWS) entries.delete(entries.keys().next().value!);
  return value;
}

/** Whether rows are kept on this database (the embedded one), so that reading them costs nothing. */
export function keepsRows(ctx: AppContext): boolean {
  return keepsTableStamps(ctx);
}

const HALF_SESSION_MS = (SESSION_HOURS * 3_600_000) / 2;

/**
 * `resolveSession`, kept while no session, user or shop was written. A session is used from the
 * cache only while it has more than half its life ahead: then `resolveSession` would neither
 * refuse it nor extend it. One past half its life, or none at all, is read (and extended) as before.
 */
export async function keptSession(
  ctx: AppContext,
  shopId: string,
  token: string,
): Promise<AdminSession | null> {
  const tables = ['admin_sessions', 'admin_users', 'shops'];
  if (tablesStamp(ctx, tables) === undefined) return resolveSession(ctx, shopId, token);
  // Keyed by a digest, so the process keeps no session secret beyond the request.
  const key = `session\u0000${shopId}\u0000${createHash('sha256').update(token).digest('base64url')}`;
  const now = ctx.clock.now().getTime();
  const session = await kept(ctx, key, tables, null, async () => {
    const found = await resolveSession(ctx, shopId, token);
    // Nothing is kept of a cookie without a session.
    if (!found) throw new NoSession();
    return found;
  }).catch((error) => {
    if (error instanceof NoSession) return null;
    throw error;
  });
  if (session && session.expiresAt.getTime() - now < HALF_SESSION_MS)
    return resolveSession(ctx, shopId, token);
  return session;
}

class NoSession extends Error {}

/** `findProgram`, kept while no program was written. */
export function keptProgram(ctx: AppContext, shopId: string): Promise<Program | undefined> {
  return kept(ctx, `program\u0000${shopId}`, ['programs'], null, () => findProgram(ctx.db, shopId));
}

/**
 * `listStoreVersions` of a shop with its program, kept while no store version or program was
 * written and asked for with the same program object (the kept one, see `keptProgram`).
 */
export function keptStoreVersions(
  ctx: AppContext,
  shopId: string,
  program: Program | null,
): Promise<StoreVersionView[]> {
  return kept(ctx, `versions\u0000${shopId}`, ['store_versions', 'programs'], program, () =>
    listStoreVersions(ctx, shopId, { program }),
  );
}
