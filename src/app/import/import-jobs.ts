import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { ImportJobStatus, ImportJobsTable } from '../../db/schema.ts';
import type { ImportKind } from '../../domain/import/columns.ts';
import type { ImportProblem } from '../../domain/import/problems.ts';
import type { AppContext } from '../context.ts';
import { requireShop } from '../program/load-program.ts';
import { randomId } from '../random-id.ts';
import { newestShopRows, shopRowById } from '../shop-rows.ts';

/** The largest file taken: a million orders of 2.5 lines are about 350 MB. */
export const MAX_IMPORT_BYTES = 1024 ** 3;

export type { ImportJobStatus };

/** How far a running import is: bytes of its file read, rows read. */
export interface ImportProgress {
  bytesRead: number;
  bytesTotal: number;
  rows: number;
}

/** An import as it is asked for: the file, how to read it, and who asked. */
export interface NewImportJob {
  shopId: string;
  kind: ImportKind;
  fileName: string;
  fileBytes: number;
  separator: ',' | ';' | null;
  decimalComma: boolean;
  checkOnly: boolean;
  author: string;
}

export interface ImportJob extends NewImportJob {
  id: string;
  status: ImportJobStatus;
  rowsRead: number;
  summary: Record<string, number> | null;
  problemCount: number;
  problems: ImportProblem[];
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** While it runs in this process: how far it is. */
  progress: ImportProgress | null;
}

/** Records a new import as running; returns its id. An unknown shop is refused (`shop_not_found`). */
export async function createImportJob(ctx: AppContext, job: NewImportJob): Promise<string> {
  await requireShop(ctx.db, job.shopId);
  const id = randomId('imp', 9, 'base64url');
  await ctx.db
    .insertInto('import_jobs')
    .values({
      shop_id: job.shopId,
      id,
      kind: job.kind,
      file_name: job.fileName,
      file_bytes: job.fileBytes,
      options: JSON.stringify({ separator: job.separator, decimalComma: job.decimalComma }),
      check_only: job.checkOnly,
      author: job.author,
      summary: null,
      problems: '[]',
      error: null,
      created_at: ctx.clock.now(),
      finished_at: null,
    })
    .execute();
  return id;
}

export interface FinishedImport {
  status: Exclude<ImportJobStatus, 'running'>;
  rowsRead: number;
  summary: Record<string, number> | null;
  problemCount: number;
  problems: ImportProblem[];
  error: string | null;
}

/**
 * Records how an import ended. An import that wrote its file does this inside its own transaction,
 * so that "imported" and the rows it wrote commit together.
 */
export async function finishImportJob(
  db: Executor,
  key: { shopId: string; id: string },
  finished: FinishedImport,
  at: Date,
): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({
      status: finished.status,
      rows_read: finished.rowsRead,
      summary: finished.summary === null ? null : JSON.stringify(finished.summary),
      problem_count: finished.problemCount,
      problems: JSON.stringify(finished.problems),
      error: finished.error,
      finished_at: at,
    })
    .where('shop_id', '=', key.shopId)
    .where('id', '=', key.id)
    .where('status', '=', 'running')
    .execute();
}

type JobRow = Selectable<ImportJobsTable>;

/** The summary's counts in the order the pages list them (jsonb keeps keys in an order of its own). */
const SUMMARY_ORDER: Record<ImportKind, string[]> = {
  customers: ['customers', 'written', 'alreadyThere'],
  members: ['members', 'joined', 'alreadyMembers', 'openingBalances', 'openingPoints'],
  orders: ['orders', 'written', 'alreadyThere', 'lines', 'returns', 'reviews'],
};

function ordered(kind: ImportKind, summary: Record<string, number> | null): Record<string, number> | null {
  if (summary === null) return null;
  const keys = [
    ...SUMMARY_ORDER[kind],
    ...Object.keys(summary).filter((k) => !SUMMARY_ORDER[kind].includes(k)),
  ];
  return Object.fromEntries(keys.filter((k) => k in summary).map((k) => [k, summary[k]!]));
}

function jobOf(row: JobRow, progress: ImportProgress | null): ImportJob {
  return {
    id: row.id,
    shopId: row.shop_id,
    kind: row.kind,
    fileName: row.file_name,
    fileBytes: row.file_bytes,
    separator: row.options.separator,
    decimalComma: row.options.decimalComma,
    checkOnly: row.check_only,
    status: row.status,
    author: row.author,
    rowsRead: progress?.rows ?? row.rows_read,
    summary: ordered(row.kind, row.summary),
    problemCount: row.problem_count,
    problems: row.problems as ImportProblem[],
    error: row.error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    progress,
  };
}

/**
 * One import of the shop, with its progress while it runs here. An import recorded as running that
 * no process is running (its process ended mid-way: its transaction was rolled back, nothing
 * written) is recorded as failed when read: the row of a running import is locked by its
 * transaction, so a row that can be locked a minute after it was made is not being worked on.
 */
export async function readImportJob(ctx: AppContext, shopId: string, id: string): Promise<ImportJob | null> {
  const running = importRegistry(ctx).progress(shopId, id);
  if (running) {
    // Answered from memory: on the embedded database the import's transaction holds the one connection.
    return running.job
      ? { ...running.job, rowsRead: running.progress.rows, progress: running.progress }
      : null;
  }
  const row = await shopRowById(ctx.db, 'import_jobs', shopId, id);
  if (!row) return null;
  const now = ctx.clock.now();
  const settled = now.getTime() - row.created_at.getTime() > STARTING_MS;
  if (row.status === 'running' && settled && (await abandoned(ctx, shopId, id))) {
    await finishImportJob(ctx.db, { shopId, id }, interrupted(row.rows_read), now);
    return readImportJob(ctx, shopId, id);
  }
  return jobOf(row, null);
}

/** A new job's row is claimed by its transaction within moments; until then it is not taken for abandoned. */
const STARTING_MS = 60_000;

const interrupted = (rowsRead: number): FinishedImport => ({
  status: 'failed',
  rowsRead,
  summary: null,
  problemCount: 0,
  problems: [],
  error:
    'The import stopped before it ended (its process ended); nothing was written. Import the file again.',
});

async function abandoned(ctx: AppContext, shopId: string, id: string): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    select id from import_jobs where shop_id = ${shopId} and id = ${id} and status = 'running'
    for update skip locked`.execute(ctx.db);
  return rows.length > 0;
}

/** The shop's latest imports, newest first. */
export async function listImportJobs(ctx: AppContext, shopId: string, limit = 20): Promise<ImportJob[]> {
  const rows = await newestShopRows(ctx.db, 'import_jobs', shopId, limit);
  const registry = importRegistry(ctx);
  return rows.map((row) => {
    const running = registry.progress(shopId, row.id);
    return jobOf(row, running?.progress ?? null);
  });
}

/** Marks the job's row as its transaction's own, so other processes can tell it is being worked on. */
export async function claimImportJob(trx: Executor, shopId: string, id: string): Promise<void> {
  await sql`select id from import_jobs where shop_id = ${shopId} and id = ${id} for update`.execute(trx);
}

interface Running {
  job: ImportJob | null;
  progress: ImportProgress;
  settled: Promise<void>;
}

/**
 * The imports running in this process (one per service, on its context): their progress for the
 * pages that poll it, and a promise that settles when each ends.
 */
export class ImportRegistry {
  private readonly running = new Map<string, Running>();
  /** The largest file the service takes (an upload beyond it is refused as it arrives). */
  readonly maxBytes: number;

  constructor(options: { maxBytes?: number } = {}) {
    this.maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES;
  }

  track(job: ImportJob, run: (progress: ImportProgress) => Promise<void>): Promise<void> {
    const key = `${job.shopId}\u0000${job.id}`;
    const progress: ImportProgress = { bytesRead: 0, bytesTotal: job.fileBytes, rows: 0 };
    const entry: Running = { job, progress, settled: Promise.resolve() };
    this.running.set(key, entry);
    entry.settled = run(progress).finally(() => this.running.delete(key));
    return entry.settled;
  }

  progress(shopId: string, id: string): Running | undefined {
    return this.running.get(`${shopId}\u0000${id}`);
  }

  /** Resolves when the import ends (at once when it is not running here). */
  settled(shopId: string, id: string): Promise<void> {
    return this.progress(shopId, id)?.settled.catch(() => {}) ?? Promise.resolve();
  }
}

/** The registry of a service (or of a plain context, made on first use). */
export function importRegistry(ctx: AppContext & { imports?: ImportRegistry }): ImportRegistry {
  const parts = ctx as AppContext & { imports?: ImportRegistry };
  parts.imports ??= new ImportRegistry();
  return parts.imports;
}
