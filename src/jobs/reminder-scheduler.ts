import { Cron } from 'croner';
import type { AppContext } from '../app/context.ts';
import { publishedTimeZones } from '../app/monthly/published-programs.ts';
import { queueDueReminders } from '../app/reminders/queue-reminders.ts';
import type { StartHook } from '../service.ts';
import { serialTask } from './serial-task.ts';

/** 09:00 every day, read in the job's time zone: reminders arrive in the morning, not at midnight. */
export const REMINDER_TIME = '0 9 * * *';
/** Every hour at minute 17: pick up the zones of programs published since. */
const SWEEP = '17 * * * *';

/** The daily reminder job of one zone; without `onDue` it only answers nextRun (used by tests). */
export function reminderJob(timeZone: string, onDue?: () => void): Cron {
  const options = { name: `reminders-${timeZone}`, timezone: timeZone, protect: true, catch: true };
  return onDue
    ? new Cron(REMINDER_TIME, options, onDue)
    : new Cron(REMINDER_TIME, { ...options, paused: true });
}

/**
 * What `serve` runs for point reminders (docs/segments.md): the pass at 09:00 in the zone of every
 * published program (one croner job per zone in use), and once at start for a day the service
 * missed. The pass decides per shop by the shop's own calendar day, and queues each code's
 * reminder once, so a run in another shop's zone or a second run the same day changes nothing.
 * The mail sender of the monthly jobs delivers what it queues within 30 seconds.
 */
export const reminderJobsHook: StartHook = async ({ ctx, log }) => {
  const pass = serialTask(async () => {
    const passes = await queueDueReminders(ctx).catch((error: unknown) => {
      log(
        `reminders: ${error instanceof Error ? error.message : String(error)} (tried again at the next run)`,
      );
      return [];
    });
    for (const p of passes) if (p.queued > 0) log(`reminders ${p.shopId}: ${p.queued} e-mails queued`);
  });
  const jobs = new Map<string, Cron>();
  const refresh = () => refreshZones(ctx, jobs, () => pass.trigger());
  await refresh();
  const sweep = new Cron(SWEEP, { name: 'reminders-sweep', protect: true, catch: true }, async () => {
    await refresh().catch((error: unknown) =>
      log(`reminder scheduler: ${error instanceof Error ? error.message : error}`),
    );
  });
  pass.trigger();
  return async () => {
    sweep.stop();
    for (const job of jobs.values()) job.stop();
    jobs.clear();
    await pass.idle();
  };
};

async function refreshZones(ctx: AppContext, jobs: Map<string, Cron>, onDue: () => void): Promise<void> {
  const zones = await publishedTimeZones(ctx);
  for (const zone of zones) if (!jobs.has(zone)) jobs.set(zone, reminderJob(zone, onDue));
  for (const [zone, job] of jobs) {
    if (zones.has(zone)) continue;
    job.stop();
    jobs.delete(zone);
  }
}
