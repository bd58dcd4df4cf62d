import { createReadStream, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { messages } from '../admin/i18n/index.ts';
import { IMPORT_SERVICE_PATH } from '../admin/routes/import.ts';
import { problemText } from '../admin/views/import.ts';
import type { ImportJobStatus, ImportProgress } from '../app/import/import-jobs.ts';
import { MAX_IMPORT_BYTES } from '../app/import/import-jobs.ts';
import { importFile } from '../app/import/run-import.ts';
import { IMPORT_KINDS, type ImportKind, isImportKind } from '../domain/import/columns.ts';
import type { ImportProblem } from '../domain/import/problems.ts';
import { type LocalService, ServiceAnswerError, withDatabaseOrService } from './local-service.ts';

interface ImportOptions {
  shop: string;
  separator?: string;
  decimalComma?: boolean;
  checkOnly?: boolean;
}

/** How an import ended, whether it ran here or in the service beside this command. */
interface Ended {
  status: Exclude<ImportJobStatus, 'running'>;
  summary: Record<string, number> | null;
  problemCount: number;
  problems: ImportProblem[];
  error: string | null;
}

/**
 * `loyalty import customers|members|orders FILE --shop ID`: the file checked and imported whole or
 * not at all (docs/import.md), with a progress bar on a terminal and a summary line; problems are
 * printed one a line on stderr (line, column, value, what is wrong) and the command exits with 1.
 * While a service holds the embedded database, the file is sent to it and followed there.
 */
export function registerImportCommands(program: Command): void {
  program
    .command('import')
    .description(
      'import customers, members with opening balances, or order history from a CSV file (docs/import.md)',
    )
    .argument('<kind>', `what the file holds: ${IMPORT_KINDS.join(', ')}`)
    .argument('<file>', 'the CSV file (UTF-8, with a header line)')
    .requiredOption('--shop <id>', 'the shop to import into')
    .option('--separator <char>', 'the separator: "," or ";" (default: the one the header line uses)')
    .option('--decimal-comma', 'amounts are written with a decimal comma (12,34)')
    .option('--check-only', 'only check the file: report its problems, import nothing')
    .action(async (kind: string, file: string, opts: ImportOptions) => {
      const request = checkedRequest(kind, file, opts);
      const bar = new ImportBar(request.fileName);
      let ended: Ended | undefined;
      await withDatabaseOrService(
        program,
        async (ctx) => {
          const author = 'loyalty import (command line)';
          ended = await importFile(ctx, { ...request, author }, (p) => bar.update(p));
        },
        async (service) => {
          ended = await importThroughService(service, request, bar);
        },
      ).finally(() => bar.stop());
      if (ended) report(request, ended);
    });
}

type CheckedRequest = ReturnType<typeof checkedRequest>;

/** The command's arguments, each checked, or one line saying what to fix. */
function checkedRequest(kind: string, file: string, opts: ImportOptions) {
  if (!isImportKind(kind))
    throw new ServiceAnswerError(`Import what? Give one of ${IMPORT_KINDS.join(', ')}, not "${kind}".`);
  if (opts.separator !== undefined && opts.separator !== ',' && opts.separator !== ';')
    throw new ServiceAnswerError(`--separator takes "," or ";", not "${opts.separator}".`);
  const path = resolve(file);
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw new ServiceAnswerError(`Cannot read ${file}: give the path of a CSV file.`);
  }
  if (size > MAX_IMPORT_BYTES)
    throw new ServiceAnswerError(
      `${file} is larger than ${MAX_IMPORT_BYTES / 1048576} MB: split it and import the parts one after the other.`,
    );
  return {
    shopId: opts.shop,
    kind: kind as ImportKind,
    path,
    fileName: basename(path),
    fileBytes: size,
    separator: (opts.separator ?? null) as ',' | ';' | null,
    decimalComma: opts.decimalComma === true,
    checkOnly: opts.checkOnly === true,
  };
}

/** Sends the file to the running service and follows its import until it ends. */
async function importThroughService(
  service: LocalService,
  request: CheckedRequest,
  bar: ImportBar,
): Promise<Ended> {
  const query = new URLSearchParams({
    kind: request.kind,
    file: request.fileName,
    ...(request.separator ? { separator: request.separator } : {}),
    decimalComma: String(request.decimalComma),
    checkOnly: String(request.checkOnly),
  });
  const base = `${service.url}${IMPORT_SERVICE_PATH}/${encodeURIComponent(request.shopId)}`;
  const headers = { authorization: `Bearer ${service.key}`, accept: 'application/json' };
  let job = await serviceJson(`${base}?${query}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'text/csv' },
    body: Readable.toWeb(createReadStream(request.path)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  while (job.status === 'running') {
    bar.update({
      bytesRead: job.progress.bytesRead,
      bytesTotal: job.progress.bytesTotal,
      rows: job.rowsRead,
    });
    await new Promise((done) => setTimeout(done, 250));
    job = await serviceJson(`${base}/${job.id}`, { headers });
  }
  return job;
}

// biome-ignore lint/suspicious/noExplicitAny: the service's JSON, read field by field
async function serviceJson(url: string, init: RequestInit): Promise<any> {
  let answer: Response;
  try {
    answer = await fetch(url, init);
  } catch (error) {
    throw new ServiceAnswerError(
      `The service at ${new URL(url).origin} did not answer (${error instanceof Error ? error.message : error}); try again, or stop it and run the command alone.`,
    );
  }
  // biome-ignore lint/suspicious/noExplicitAny: the service's JSON, read field by field
  const json: any = await answer.json().catch(() => null);
  if (answer.ok) return json;
  throw new ServiceAnswerError(
    `${json?.detail ?? `the service answered ${answer.status}`} [${json?.code ?? answer.status}]`,
  );
}

/** The summary line, or the problems one a line on stderr and exit code 1. */
function report(request: CheckedRequest, ended: Ended) {
  const t = messages('en').importPage;
  const counts = Object.entries(ended.summary ?? {})
    .map(([key, n]) => `${n} ${(t.summary[key] ?? key).toLowerCase()}`)
    .join(', ');
  if (ended.status === 'imported') {
    console.log(`Imported ${request.fileName} into shop ${request.shopId}: ${counts}.`);
    return;
  }
  if (ended.status === 'checked') {
    console.log(`Checked ${request.fileName}: no problems (${counts}); nothing was imported (--check-only).`);
    return;
  }
  for (const p of ended.problems) {
    const where = p.line > 0 ? `${request.fileName}:${p.line}` : request.fileName;
    const column = p.column ? ` ${p.column}` : '';
    const value = p.value !== null ? ` "${p.value}"` : '';
    console.error(`${where}:${column}${value}: ${problemText(messages('en'), p)}`);
  }
  const more = ended.problemCount - ended.problems.length;
  if (more > 0) console.error(`… and ${more} more problems.`);
  const why =
    ended.status === 'failed'
      ? `the import stopped on an error: ${ended.error}`
      : `${ended.problemCount} ${ended.problemCount === 1 ? 'problem' : 'problems'}; fix the file and import it again`;
  console.error(`Nothing was imported from ${request.fileName}: ${why}.`);
  process.exitCode = 1;
}

/** A progress bar of the file read, on a terminal only. */
class ImportBar {
  private bar: SingleBar | undefined;

  constructor(private readonly fileName: string) {}

  update(p: ImportProgress) {
    if (!this.bar) {
      this.bar = new SingleBar({
        format: `${this.fileName} [{bar}] {percentage}% | {rows} rows`,
        hideCursor: true,
        stream: process.stderr,
      });
      this.bar.start(Math.max(p.bytesTotal, 1), 0, { rows: 0 });
    }
    this.bar.update(Math.min(p.bytesRead, p.bytesTotal), { rows: p.rows });
  }

  stop() {
    this.bar?.stop();
    this.bar = undefined;
  }
}
