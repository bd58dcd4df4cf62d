import { analyzeGrownTables, analyzeTables, autovacuumRuns } from '../db/table-statistics.ts';
import type { AppContext } from './context.ts';

/** Whether the server's autovacuum keeps the planner's statistics fresh (never on the embedded database). */
export function statisticsKeptByServer(ctx: AppContext, embedded: boolean): Promise<boolean> {
  return autovacuumRuns(ctx.db, embedded);
}

/** Refreshes the planner's statistics of every table. */
export function refreshTableStatistics(ctx: AppContext): Promise<void> {
  return analyzeTables(ctx.db);
}

/** Refreshes the statistics of the tables that grew noticeably since their last refresh; returns them. */
export function refreshGrownTableStatistics(ctx: AppContext): Promise<string[]> {
  return analyzeGrownTables(ctx.db);
}
