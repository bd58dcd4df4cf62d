import { analyzeTables, autovacuumRuns } from '../db/table-statistics.ts';
import type { StartHook } from '../service.ts';
import { runPeriodically } from './periodic-task.ts';

/**
 * Where nothing else keeps the planner's statistics fresh (the embedded database, or a server with
 * autovacuum off), refreshes them at start and every ten minutes, so plans follow the data.
 */
export const tableStatisticsHook: StartHook = async ({ ctx, config, log }) => {
  if (await autovacuumRuns(ctx.db, config.databaseUrl === undefined)) return;
  return runPeriodically('Refreshing table statistics', 10 * 60 * 1000, () => analyzeTables(ctx.db), log);
};
