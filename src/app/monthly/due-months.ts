import { nextPeriod, periodOf } from '../../domain/conversion/code-validity.ts';
import type { ProgramSettings } from '../../domain/program/settings.ts';
import type { AppContext } from '../context.ts';
import {
  type MonthlyRunOptions,
  type MonthlyRunSummary,
  runMonthlyConversion,
} from './run-monthly-conversion.ts';

/**
 * The months a shop's conversion is due for, oldest first: a run left unfinished (a crash, a
 * shutdown) is always finished; after that, every month that began (at 00:00 on its first day in
 * the shop's zone) after the program was published and after the latest completed run, up to the
 * one `now` is in. A month missed while the service was down is therefore caught up later; a month
 * older than one already converted is not (its points went into the later month's codes).
 */
export function duePeriods(input: {
  publishedAt: Date;
  timeZone: string;
  now: Date;
  completed: ReadonlySet<string>;
  unfinished?: ReadonlySet<string>;
}): string[] {
  const current = periodOf(input.now, input.timeZone);
  const due = new Set([...(input.unfinished ?? [])].filter((period) => period <= current));
  let period = nextPeriod(periodOf(input.publishedAt, input.timeZone));
  const latest = [...input.completed].sort().at(-1);
  if (latest && latest >= period) period = nextPeriod(latest);
  for (; period <= current; period = nextPeriod(period)) {
    if (!input.completed.has(period)) due.add(period);
  }
  return [...due].sort();
}

export interface DueMonthsResult {
  runs: MonthlyRunSummary[];
  /** Shops whose run failed; the others went ahead, and the failed month is due again next time. */
  failures: { shopId: string; period: string; error: unknown }[];
}

/**
 * Runs every due month of every published program (what the scheduler does at each shop's
 * midnight, and what a starting service does to catch up). Safe to call from several processes
 * at once: runs of the same month join each other.
 */
export async function runDueMonths(
  ctx: AppContext,
  options: Pick<MonthlyRunOptions, 'mail' | 'onProgress' | 'batchSize' | 'concurrency' | 'signal'> & {
    shopId?: string;
  } = {},
): Promise<DueMonthsResult> {
  const now = ctx.clock.now();
  let programs = ctx.db
    .selectFrom('programs')
    .select(['shop_id', 'settings', 'published_at'])
    .where('status', '=', 'published')
    .where('published_at', 'is not', null)
    .orderBy('shop_id');
  if (options.shopId) programs = programs.where('shop_id', '=', options.shopId);
  const result: DueMonthsResult = { runs: [], failures: [] };
  for (const program of await programs.execute()) {
    const settings = program.settings as ProgramSettings;
    const runs = await ctx.db
      .selectFrom('monthly_runs')
      .select(['period', 'status'])
      .where('shop_id', '=', program.shop_id)
      .execute();
    const due = duePeriods({
      publishedAt: program.published_at!,
      timeZone: settings.timeZone,
      now,
      completed: new Set(runs.filter((r) => r.status === 'completed').map((r) => r.period)),
      unfinished: new Set(runs.filter((r) => r.status === 'running').map((r) => r.period)),
    });
    for (const period of due) {
      if (options.signal?.aborted) return result;
      // Catching up several months, members get one e-mail (the last month's lists every valid code).
      const mail = (options.mail ?? true) && period === due.at(-1);
      try {
        result.runs.push(
          await runMonthlyConversion(ctx, { ...options, shopId: program.shop_id, period, mail }),
        );
      } catch (error) {
        result.failures.push({ shopId: program.shop_id, period, error });
        break; // later months of this shop wait until this one has run
      }
    }
  }
  return result;
}
