import {
  refreshGrownTableStatistics,
  refreshTableStatistics,
  statisticsKeptByServer,
} from '../app/table-statistics.ts';
import type { StartHook } from '../service.ts';
import { runPeriodically } from './periodic-task.ts';

const MINUTE = 60 * 1000;

/**
 * Where nothing else keeps the planner's statistics fresh (the embedded database, or a server with
 * autovacuum off), refreshes them so plans follow the data: every table at start and every ten
 * minutes, and each minute the tables that grew noticeably since (a shop importing its history or
 * a busy sale would otherwise keep plans made for nearly empty tables until the next round).
 */
export const tableStatisticsHook: StartHook = async ({ ctx, config, log }) => {
  if (await statisticsKeptByServer(ctx, config.databaseUrl === undefined)) return;
  let minutes = 0;
  return runPeriodically(
    'Refreshing table statistics',
    MINUTE,
    () => (minutes++ % 10 === 0 ? refreshTableStatistics(ctx) : refreshGrownTableStatistics(ctx)),
    log,
  );
};
