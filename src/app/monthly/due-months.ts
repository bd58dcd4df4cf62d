import { duePeriods } from '../../domain/conversion/convertible-months.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ProgramSettings } from '../../domain/program/settings.ts';
import type { AppContext } from '../context.ts';
import { loadProgram } from '../program/load-program.ts';
import {
  type MonthlyRunOptions,
  type MonthlyRunSummary,
  runMonthlyConversion,
  runsOf,
} from './run-monthly-conversion.ts';

/** Which months are due is a rule of the domain; re-exported where the runs of them live. */
export { duePeriods };

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
  if (options.shopId) {
    // One shop asked for by name: say so when it cannot have due months, rather than "nothing due".
    const program = await loadProgram(ctx.db, options.shopId);
    if (program.status !== 'published') {
      throw new DomainError(
        'program_not_published',
        `The loyalty program of shop "${options.shopId}" is not published, so no points are converted`,
      );
    }
  }
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
    const runs = await runsOf(ctx, program.shop_id);
    const due = duePeriods({
      publishedAt: program.published_at!,
      timeZone: settings.timeZone,
      now,
      completed: runs.completed,
      unfinished: runs.unfinished,
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
