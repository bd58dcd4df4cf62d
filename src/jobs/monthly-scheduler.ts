import { Cron } from 'croner';
import type { AppContext } from '../app/context.ts';
import { publishedTimeZones } from '../app/monthly/published-programs.ts';

/** 00:00 on the first day of every month, read in the job's time zone. */
export const MONTH_START = '0 0 1 * *';
/** Every hour at minute 7: pick up new time zones, and catch anything a sleeping machine missed. */
const SWEEP = '7 * * * *';

export interface MonthlyScheduler {
  /** The zones with a month-start job, and when each fires next. */
  jobs(): { timeZone: string; nextRun: Date | null }[];
  stop(): void;
}

/** The month-start job of one zone; without `onDue` it only answers nextRun (used by tests). */
export function monthStartJob(timeZone: string, onDue?: () => void): Cron {
  const options = { name: `monthly-${timeZone}`, timezone: timeZone, protect: true, catch: true };
  return onDue ? new Cron(MONTH_START, options, onDue) : new Cron(MONTH_START, { ...options, paused: true });
}

/**
 * Fires `onDue` at 00:00 on the 1st of each month in the time zone of every published program
 * (one croner job per zone in use), and hourly as a safety net. `onDue` decides per shop what is
 * due, so firing for one zone converts only the shops whose month has begun.
 */
export async function startMonthlyScheduler(
  ctx: AppContext,
  onDue: () => void,
  log: (line: string) => void = () => {},
): Promise<MonthlyScheduler> {
  const jobs = new Map<string, Cron>();
  const refresh = async () => {
    const zones = await publishedTimeZones(ctx);
    for (const zone of zones) {
      if (!jobs.has(zone)) {
        jobs.set(zone, monthStartJob(zone, onDue));
        log(`monthly conversion scheduled at 00:00 on the 1st in ${zone}`);
      }
    }
    for (const [zone, job] of jobs) {
      if (!zones.has(zone)) {
        job.stop();
        jobs.delete(zone);
      }
    }
  };
  await refresh();
  const sweep = new Cron(SWEEP, { name: 'monthly-sweep', protect: true, catch: true }, async () => {
    await refresh().catch((error: unknown) =>
      log(`monthly scheduler: ${error instanceof Error ? error.message : error}`),
    );
    onDue();
  });
  return {
    jobs: () => [...jobs].map(([timeZone, job]) => ({ timeZone, nextRun: job.nextRun() })),
    stop: () => {
      sweep.stop();
      for (const job of jobs.values()) job.stop();
      jobs.clear();
    },
  };
}
