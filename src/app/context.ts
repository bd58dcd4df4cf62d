import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';

/**
 * What every use case needs: the database and the one clock. Built once by the composition root,
 * which also gives it the service's long-lived objects (`ServiceContext` in service-context.ts);
 * tests and the command line may pass just these two.
 */
export interface AppContext {
  db: Db;
  clock: Clock;
}

/**
 * One of the service's long-lived objects, kept on the context under `key`: the one the
 * composition root made (`serviceContext`), or for a plain context one made now and kept on that
 * object, so that every later call with it gets the same one. Never kept in a module.
 */
export function contextPart<K extends string, T>(
  ctx: AppContext & { [P in K]?: T },
  key: K,
  make: (db: Db) => T,
): T {
  const parts = ctx as Partial<Record<K, T>>;
  parts[key] ??= make(ctx.db);
  return parts[key]!;
}

/** Outcome of an event that may arrive more than once: the second time changes nothing and says so. */
export type Applied<T> = { outcome: 'applied' } & T;
export type Duplicate<T> = { outcome: 'duplicate' } & T;
