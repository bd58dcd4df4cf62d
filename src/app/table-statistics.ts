import { sql } from 'kysely';
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

/**
 * The monthly batch looks up each member's earlier codes by (shop, customer). If the planner's
 * statistics still describe the codes table as (nearly) empty — a first run, a new shop — it may
 * pick an index on the shop alone, and every lookup would then read all the codes issued so far in
 * the run. Statistics taken once the run's first codes are in keep the lookups on the member's own
 * index. Failing to take them (a lock, an old server) only costs speed, so errors are ignored.
 */
export async function refreshCodeStatistics(ctx: AppContext): Promise<void> {
  await sql`analyze discount_codes`.execute(ctx.db).catch(() => {});
}

/**
 * For one call of the monthly run: `afterBatch` refreshes the codes' statistics after the first
 * batch that issued codes, and never again (see refreshCodeStatistics).
 */
export function codeStatisticsRefresher(ctx: AppContext): { afterBatch(codesIssued: number): Promise<void> } {
  let refreshed = false;
  return {
    async afterBatch(codesIssued) {
      if (refreshed || codesIssued === 0) return;
      refreshed = true;
      await refreshCodeStatistics(ctx);
    },
  };
}
