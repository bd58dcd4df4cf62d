import { tableStamp } from '../db/connect.ts';
import type { AppContext } from './context.ts';

/**
 * A number that changes whenever this process writes to one of the tables, so that rows kept with
 * it are still what the database holds; undefined where the process cannot know (PostgreSQL, which
 * other processes write to): then nothing may be kept. Only the embedded database keeps stamps.
 */
export function tablesStamp(ctx: AppContext, tables: readonly string[]): number | undefined {
  return tableStamp(ctx.db, tables);
}

/** Whether the database keeps table stamps (the embedded one does, PostgreSQL does not). */
export function keepsTableStamps(ctx: AppContext): boolean {
  return tableStamp(ctx.db, []) !== undefined;
}
