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

/** Outcome of an event that may arrive more than once: the second time changes nothing and says so. */
export type Applied<T> = { outcome: 'applied' } & T;
export type Duplicate<T> = { outcome: 'duplicate' } & T;
