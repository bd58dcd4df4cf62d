import { monotonicMs } from '../../clock.ts';
import type { Executor } from '../../db/connect.ts';
import type { ImportKind } from '../../domain/import/columns.ts';
import { type Header, readHeader } from '../../domain/import/header.ts';
import type { ShopVersions } from '../../domain/import/order-head.ts';
import { ProblemList } from '../../domain/import/problems.ts';
import { hasHeaderWidth } from '../../domain/import/rows.ts';
import type { AppContext } from '../context.ts';
import { requireShop, storeVersionRefs } from '../program/load-program.ts';
import { CsvFile, FileProblem, type Separator } from './csv-file.ts';
import { forgetImportedShop } from './forget-shop.ts';
import {
  claimImportJob,
  createImportJob,
  type FinishedImport,
  finishImportJob,
  type ImportProgress,
  importRegistry,
  MAX_IMPORT_BYTES,
  type NewImportJob,
} from './import-jobs.ts';
import { customersSink, type ImportSink, membersSink, ordersSink, type SinkInput } from './import-sinks.ts';
import { recordImportedOrders } from './write-orders.ts';

export interface ImportRequest extends NewImportJob {
  /** The file on this machine (an upload is kept in a temporary file first). */
  path: string;
  maxBytes?: number;
}

export interface ImportOutcome extends FinishedImport {
  jobId: string;
}

/** A file with problems, or one only to check: its transaction is rolled back. */
class NotWritten extends Error {}

/**
 * Imports a CSV file of customers, members or orders into the shop (docs/import.md): recorded as an
 * import job, read once as a stream, each row checked, and written in batches inside one
 * transaction. The first problem stops the writing and the transaction is rolled back at the end,
 * so a file is imported whole or not at all; the reading goes on to report every problem (the
 * first 1,000, and how many). Rows whose ids the shop has already are left as they are, so
 * importing the same file again changes nothing. Imported history earns no points.
 */
export async function importFile(
  ctx: AppContext,
  request: ImportRequest,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportOutcome> {
  const jobId = await createImportJob(ctx, request);
  return runImportJob(ctx, jobId, request, onProgress);
}

/** Runs an import recorded by `createImportJob` and records how it ended. */
export async function runImportJob(
  ctx: AppContext,
  jobId: string,
  request: ImportRequest,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportOutcome> {
  const now = ctx.clock.now();
  const started = monotonicMs();
  const finishedAt = () => new Date(now.getTime() + Math.round(monotonicMs() - started));
  const key = { shopId: request.shopId, id: jobId };
  const maxBytes = request.maxBytes ?? importRegistry(ctx).maxBytes;
  const problems = new ProblemList();
  const read = { rows: 0, summary: {} as Record<string, number> };
  const ended = (status: FinishedImport['status'], error: string | null = null): FinishedImport => ({
    status,
    rowsRead: read.rows,
    // A check writes nothing: of its counts only the first, the rows of the file, says anything.
    summary:
      status === 'imported'
        ? read.summary
        : status === 'checked'
          ? Object.fromEntries(Object.entries(read.summary).slice(0, 1))
          : null,
    problemCount: problems.count,
    problems: problems.kept,
    error,
  });
  try {
    const done = await ctx.db.transaction().execute(async (trx) => {
      await claimImportJob(trx, key.shopId, key.id);
      await readAndWrite(trx, { ...request, maxBytes, importId: jobId, now }, problems, read, onProgress);
      if (!problems.none || request.checkOnly) throw new NotWritten();
      if (request.kind === 'orders') await recordImportedOrders(trx, request.shopId, jobId);
      const imported = ended('imported');
      await finishImportJob(trx, key, imported, finishedAt());
      return imported;
    });
    forgetImportedShop(ctx, request.shopId);
    return { ...done, jobId };
  } catch (error) {
    if (error instanceof FileProblem) problems.add(error.problem);
    const failed = !(error instanceof NotWritten || error instanceof FileProblem);
    const outcome = failed
      ? ended('failed', error instanceof Error ? error.message : String(error))
      : ended(problems.none ? 'checked' : 'refused');
    await finishImportJob(ctx.db, key, outcome, finishedAt());
    if (failed) throw error;
    return { ...outcome, jobId };
  }
}

interface ReadInput extends ImportRequest {
  importId: string;
  now: Date;
}

/**
 * Reads the file once, batch by batch: while one batch is checked against the database and
 * written, the next is read. Writes stop at the first problem; reading goes on to the end.
 */
async function readAndWrite(
  trx: Executor,
  input: ReadInput,
  problems: ProblemList,
  read: { rows: number; summary: Record<string, number> },
  onProgress?: (progress: ImportProgress) => void,
) {
  await requireShop(trx, input.shopId);
  const sink = sinkOf(input.kind, { ...input, versions: await shopVersions(trx, input.shopId) });
  read.summary = sink.summary;
  const file = new CsvFile(input.path, {
    separator: input.separator ?? undefined,
    maxBytes: input.maxBytes ?? MAX_IMPORT_BYTES,
  });
  let header: Header | null = null;
  let reader: ReturnType<typeof sink.reader> | null = null;
  let batch: unknown[] = [];
  let flushing: Promise<void> = Promise.resolve();
  const writing = () => !input.checkOnly && problems.none;
  const flush = async () => {
    const items = batch;
    batch = [];
    // Made before waiting for the batch in flight, so that the database is not idle meanwhile.
    const prepared = sink.prepare(items, writing());
    await flushing;
    const flushed = sink.flush(trx, prepared, writing(), problems);
    // Awaited before the next batch or at the end; until then its failure must not count as unhandled.
    flushed.catch(() => {});
    flushing = flushed;
  };
  try {
    await readRecords();
  } finally {
    // A problem that stops the reading waits for the batch in flight, so the rollback comes after it.
    await flushing.catch(() => {});
  }
  await flushing;

  async function readRecords() {
    for await (const chunk of file.batches()) {
      for (const record of chunk.records) {
        if (header === null) {
          header = readHeader(input.kind, record.fields, problems);
          if (header === null) return;
          reader = sink.reader(header, problems);
          continue;
        }
        read.rows++;
        if (!hasHeaderWidth(record.fields, header, record.line, problems)) continue;
        const item = reader!.read(record.fields, record.line);
        if (item !== null) batch.push(item);
        if (batch.length >= sink.batchSize) await flush();
      }
      onProgress?.({ bytesRead: chunk.bytesRead, bytesTotal: input.fileBytes, rows: read.rows });
    }
    if (header === null) problems.add({ line: 0, column: null, value: null, code: 'empty_file' });
    const last = reader?.end() ?? null;
    if (last !== null) batch.push(last);
    if (batch.length > 0) await flush();
  }
}

function sinkOf(kind: ImportKind, input: SinkInput): ImportSink<unknown, unknown> {
  if (kind === 'customers') return customersSink(input) as ImportSink<unknown, unknown>;
  if (kind === 'members') return membersSink(input) as ImportSink<unknown, unknown>;
  return ordersSink(input) as ImportSink<unknown, unknown>;
}

async function shopVersions(db: Executor, shopId: string): Promise<ShopVersions> {
  const ids = (await storeVersionRefs(db, shopId)).map((v) => v.id);
  return { ids: new Set(ids), only: ids.length === 1 ? ids[0]! : null };
}

export type { Separator };
