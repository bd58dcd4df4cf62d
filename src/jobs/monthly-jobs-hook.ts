import { closeDueBillingMonths } from '../app/billing/close-months.ts';
import type { AppContext } from '../app/context.ts';
import { runDueMonths } from '../app/monthly/due-months.ts';
import { createMailTransport, mailDefaults } from '../mail/mailer.ts';
import type { StartHook } from '../service.ts';
import { startMailSender } from './mail-sender.ts';
import { startMonthlyScheduler } from './monthly-scheduler.ts';
import { serialTask } from './serial-task.ts';

/**
 * What `serve` runs besides HTTP: the monthly conversion and the closing of billing months at each
 * shop's midnight, a catch-up of months missed while the service was down (started at once, in the
 * background), and the mail sender. Returns the stop function: it lets a batch in flight commit,
 * and the rest resumes at the next start.
 */
export const monthlyJobsHook: StartHook = (service) => startMonthlyJobs(service);

export async function startMonthlyJobs({
  ctx,
  config,
  log,
}: Parameters<StartHook>[0]): Promise<() => Promise<void>> {
  const transport = createMailTransport(config);
  const sender = startMailSender(ctx, transport, { defaults: mailDefaults(config), log });
  const stopping = new AbortController();
  const conversion = serialTask(async () => {
    const result = await runDueMonths(ctx, {
      signal: stopping.signal,
      concurrency: config.monthlyRunners,
    }).catch((error: unknown) => {
      log(
        `monthly conversion: ${error instanceof Error ? error.message : String(error)} (tried again within the hour)`,
      );
      return { runs: [], failures: [] };
    });
    for (const run of result.runs) {
      if (run.outcome !== 'completed') continue;
      log(
        `monthly conversion ${run.shopId} ${run.period}: ${run.membersConverted} codes, ${run.mailsQueued} e-mails queued in ${(run.durationMs / 1000).toFixed(1)} s`,
      );
    }
    for (const failure of result.failures) {
      if (stopping.signal.aborted) break;
      const reason = failure.error instanceof Error ? failure.error.message : String(failure.error);
      log(
        `monthly conversion ${failure.shopId} ${failure.period} failed (retried within the hour): ${reason}`,
      );
    }
    if (result.runs.some((run) => run.mailsQueued > 0)) sender.kick();
    await closeBillingMonths(ctx, log);
  });
  const scheduler = await startMonthlyScheduler(ctx, () => conversion.trigger(), log);
  conversion.trigger();
  log(
    `mail: ${transport.kind === 'smtp' ? 'sending through' : 'keeping messages as'} ${transport.description}`,
  );
  return async () => {
    stopping.abort();
    scheduler.stop();
    await conversion.idle();
    await sender.stop();
    await transport.close();
  };
}

/** Closes the billing months that ended (docs/billing.md); a failure is logged and retried within the hour. */
async function closeBillingMonths(ctx: AppContext, log: (line: string) => void): Promise<void> {
  const billing = await closeDueBillingMonths(ctx).catch((error: unknown) => {
    log(`billing: ${error instanceof Error ? error.message : String(error)} (tried again within the hour)`);
    return { closed: [], failures: [] };
  });
  for (const month of billing.closed)
    log(`billing ${month.shopId} ${month.period}: closed, ${month.totalCents} cents`);
  for (const failure of billing.failures) {
    const reason = failure.error instanceof Error ? failure.error.message : String(failure.error);
    log(`billing ${failure.shopId} ${failure.period}: closing failed (retried within the hour): ${reason}`);
  }
}
