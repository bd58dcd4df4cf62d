import { monotonicMs } from '../../clock.ts';
import type { MonthlyRun } from '../../db/tables-monthly.ts';
import { generateCodes, type RandomBytes } from '../../domain/codes/code-generator.ts';
import { codeExpiry, monthStart } from '../../domain/conversion/code-validity.ts';
import {
  type MonthRefusal,
  type MonthRuns,
  monthRunRefusal,
} from '../../domain/conversion/convertible-months.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ProgramSettings, RewardTier } from '../../domain/program/settings.ts';
import type { AppContext } from '../context.ts';
import { loadProgram } from '../program/load-program.ts';
import { codeStatisticsRefresher } from '../table-statistics.ts';
import { type BatchResult, convertBatch } from './convert-batch.ts';
import { mayHoldEarlierCodes } from './earlier-codes.ts';
import {
  activeMemberCount,
  advanceSlice,
  claimSlice,
  completeRun,
  openRun,
  sliceTotals,
} from './run-record.ts';

export interface MonthlyRunOptions {
  shopId: string;
  /** The month whose conversion this is, 'YYYY-MM'; it must have begun in the shop's time zone. */
  period: string;
  /** Queue the monthly e-mails with the codes (default true). */
  mail?: boolean;
  onProgress?: (progress: MonthlyRunProgress) => void | Promise<void>;
  /** Members per batch transaction (default 10,000). */
  batchSize?: number;
  /**
   * Batches this call runs side by side (default 1; the embedded database runs them in turn). The
   * service and the command line pass `monthlyRunners` of their configuration: two on PostgreSQL
   * (src/config.ts, docs/monthly-conversion.md).
   */
  concurrency?: number;
  /** Stops between batches (at shutdown); the run stays unfinished and resumes at the next start. */
  signal?: AbortSignal;
  /** Source of code randomness; tests inject repeats to exercise the retry on a duplicate code. */
  randomBytes?: RandomBytes;
}

export interface MonthlyRunProgress {
  shopId: string;
  period: string;
  membersTotal: number;
  membersScanned: number;
  membersConverted: number;
  codesValueCents: number;
  mailsQueued: number;
}

export interface MonthlyRunSummary {
  shopId: string;
  period: string;
  /** 'completed': this call finished the run (perhaps with other runners); 'already_completed': nothing to do. */
  outcome: 'completed' | 'already_completed';
  /** Whether this call started the run, resumed one left unfinished, or found it complete. */
  start: 'started' | 'resumed' | 'completed';
  issuedAt: Date;
  expiresAt: Date;
  membersScanned: number;
  membersConverted: number;
  pointsDeducted: number;
  codesValueCents: number;
  mailsQueued: number;
  batches: number;
  /** Time spent inside batch transactions, summed over every runner. */
  busyMs: number;
  /** Time this call took. */
  durationMs: number;
}

const DEFAULT_BATCH = 10_000;
const REFUSAL_FIELD_MESSAGES: Record<MonthRefusal['reason'], string> = {
  not_begun: 'This month has not begun yet in the shop’s time zone',
  before_publication: 'This month began before the program was published',
  older_than_converted: 'A later month is already converted',
};
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const BATCH_RETRIES = 5;

/**
 * Converts the points of every active member of the shop into this month's codes, exactly once:
 * the run record and its slices say what is done, a batch commits its codes, ledger entries,
 * balances, outbox rows and slice cursor together, and the unique (shop, customer, month) key on
 * codes makes a second code for a member impossible whatever happens. Calling it again — after a
 * crash, from another process, at the same time — resumes or joins the run; once complete it
 * changes nothing.
 */
export async function runMonthlyConversion(
  ctx: AppContext,
  options: MonthlyRunOptions,
): Promise<MonthlyRunSummary> {
  const now = ctx.clock.now();
  const started = monotonicMs();
  const { shopId, period } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const { timeZone, codeValidityMonths, tiers } = await settingsOfConvertibleMonth(ctx, shopId, period, now);
  const opened = await openRun(ctx.db, {
    shopId,
    period,
    dueAt: monthStart(period, timeZone),
    issuedAt: now,
    expiresAt: codeExpiry(now, codeValidityMonths, timeZone).expiresAt,
    mail: options.mail ?? true,
    now,
    batchSize,
  });
  if (opened.state === 'completed') return summaryOf(opened.run, 'already_completed', opened.state, started);

  const progress = await progressSoFar(ctx, shopId, period);
  await options.onProgress?.({ ...progress });
  // Only the letters list earlier codes: a run that mails nothing need not ask.
  const earlierCodes = opened.run.mail && (await mayHoldEarlierCodes(ctx.db, shopId, period, now));
  await convertAllSlices(ctx, { options, run: opened.run, batchSize, tiers, now, earlierCodes }, progress);
  options.signal?.throwIfAborted();

  // The finishing moment is the run's one clock reading plus the time it took.
  const finishedAt = new Date(now.getTime() + (monotonicMs() - started));
  const completed = await completeRun(ctx.db, shopId, period, finishedAt);
  return summaryOf(completed, 'completed', opened.state, started);
}

/**
 * The program settings the month is converted with, once it is sure the month may be converted:
 * written YYYY-MM, the shop's program published, and the month neither in the future nor before
 * the publication nor older than a month already converted.
 */
async function settingsOfConvertibleMonth(
  ctx: AppContext,
  shopId: string,
  period: string,
  now: Date,
): Promise<ProgramSettings> {
  if (!PERIOD.test(period)) {
    throw new DomainError('invalid_input', `A month is written YYYY-MM, e.g. 2026-12; got "${period}"`, [
      { field: 'month', message: 'Expected YYYY-MM' },
    ]);
  }
  const program = await loadProgram(ctx.db, shopId);
  if (program.status !== 'published') {
    throw new DomainError(
      'program_not_published',
      `The loyalty program of shop "${shopId}" is not published, so no points are converted`,
    );
  }
  const refusal = monthRunRefusal({
    period,
    now,
    timeZone: program.settings.timeZone,
    publishedAt: program.publishedAt ?? new Date(0),
    runs: await runsOf(ctx, shopId),
  });
  if (refusal) {
    throw new DomainError('invalid_input', refusal.message, [
      { field: 'month', message: REFUSAL_FIELD_MESSAGES[refusal.reason] },
    ]);
  }
  return program.settings;
}

/** The progress to report first: a resumed run starts from what earlier runners committed. */
async function progressSoFar(ctx: AppContext, shopId: string, period: string): Promise<MonthlyRunProgress> {
  const membersTotal = await activeMemberCount(ctx.db, shopId);
  const before = await sliceTotals(ctx.db, shopId, period);
  return {
    shopId,
    period,
    membersTotal,
    membersScanned: before.membersScanned,
    membersConverted: before.membersConverted,
    codesValueCents: before.codesValueCents,
    mailsQueued: before.mailsQueued,
  };
}

/** What every batch of one call converts with. */
interface RunBatches {
  options: MonthlyRunOptions;
  run: MonthlyRun;
  batchSize: number;
  tiers: RewardTier[];
  now: Date;
  /** Decided once per call: see mayHoldEarlierCodes. */
  earlierCodes: boolean;
}

/**
 * Runs batches on `concurrency` workers until no slice has members left, the signal stops them or
 * a batch fails, adding each batch to `progress`. One failing batch stops this call's other
 * workers; whatever committed stays and a rerun resumes.
 */
async function convertAllSlices(
  ctx: AppContext,
  job: RunBatches,
  progress: MonthlyRunProgress,
): Promise<void> {
  const { options } = job;
  const codeStatistics = codeStatisticsRefresher(ctx);
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && !options.signal?.aborted) {
      const batch = await withRetries(() => convertNextBatch(ctx, job));
      if (!batch) return;
      await codeStatistics.afterBatch(batch.converted);
      progress.membersScanned += batch.scanned;
      progress.membersConverted += batch.converted;
      progress.codesValueCents += batch.valueCents;
      progress.mailsQueued += batch.mailsQueued;
      await options.onProgress?.({ ...progress });
    }
  };
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 1) }, () =>
    worker().catch((error: unknown) => {
      failure ??= { error };
    }),
  );
  await Promise.all(workers);
  if (failure) throw failure.error;
}

/**
 * Claims the next window of some slice and converts it in one transaction, the slice's cursor
 * moving with it; undefined when every slice is done.
 */
function convertNextBatch(ctx: AppContext, job: RunBatches): Promise<BatchResult | undefined> {
  const { options, run, batchSize, now } = job;
  const { shopId, period } = options;
  return ctx.db.transaction().execute(async (trx) => {
    const slice = await claimSlice(trx, shopId, period);
    if (!slice) return undefined;
    const batchStarted = monotonicMs();
    const result = await convertBatch(trx, {
      shopId,
      period,
      afterId: slice.afterId,
      throughId: slice.throughId,
      size: batchSize,
      tiers: job.tiers,
      issuedAt: run.issued_at,
      expiresAt: run.expires_at,
      now,
      mail: run.mail,
      earlierCodes: job.earlierCodes,
      codes: generateCodes(batchSize, options.randomBytes),
    });
    const busyMs = monotonicMs() - batchStarted;
    await advanceSlice(trx, { shopId, period, slice: slice.slice }, { ...result, busyMs }, now);
    return result;
  });
}

/** The shop's monthly runs so far: which months are done and which were left unfinished. */
export async function runsOf(ctx: AppContext, shopId: string): Promise<MonthRuns> {
  const rows = await ctx.db
    .selectFrom('monthly_runs')
    .select(['period', 'status'])
    .where('shop_id', '=', shopId)
    .execute();
  return {
    completed: new Set(rows.filter((r) => r.status === 'completed').map((r) => r.period)),
    unfinished: new Set(rows.filter((r) => r.status !== 'completed').map((r) => r.period)),
  };
}

/**
 * A batch whose fresh codes collide with existing ones is refused by the primary key and rolled
 * back as a whole; it is simply run again with new codes. So is a batch the database chose as the
 * victim of a deadlock with some other transaction on the same members.
 */
async function withRetries<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetryable(error) || tries >= BATCH_RETRIES) throw error;
    }
  }
}

function isRetryable(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e.code === '40P01') return true;
  return (
    e.code === '23505' &&
    (e.constraint === 'discount_codes_pkey' || /discount_codes_pkey/.test(e.message ?? ''))
  );
}

function summaryOf(
  run: Awaited<ReturnType<typeof completeRun>>,
  outcome: MonthlyRunSummary['outcome'],
  start: MonthlyRunSummary['start'],
  started: number,
): MonthlyRunSummary {
  return {
    shopId: run.shop_id,
    period: run.period,
    outcome,
    start,
    issuedAt: run.issued_at,
    expiresAt: run.expires_at,
    membersScanned: run.members_scanned,
    membersConverted: run.members_converted,
    pointsDeducted: run.points_deducted,
    codesValueCents: run.codes_value_cents,
    mailsQueued: run.mails_queued,
    batches: run.batches,
    busyMs: run.busy_ms,
    durationMs: monotonicMs() - started,
  };
}
