import { rm } from 'node:fs/promises';
import type { AppContext } from '../context.ts';
import { createImportJob, type ImportJob, importRegistry } from './import-jobs.ts';
import { type ImportRequest, runImportJob } from './run-import.ts';

/**
 * Starts an import in the background (the admin's upload, the command line beside a running
 * service) and returns its job's id at once: the job's page follows its progress. The file, a
 * temporary copy of the upload, is removed when the import ends. A failure is recorded in the
 * job (status failed, with the error), where the page shows it.
 */
export async function startImport(ctx: AppContext, request: ImportRequest): Promise<string> {
  const jobId = await createImportJob(ctx, request);
  const job: ImportJob = {
    id: jobId,
    shopId: request.shopId,
    kind: request.kind,
    fileName: request.fileName,
    fileBytes: request.fileBytes,
    separator: request.separator,
    decimalComma: request.decimalComma,
    checkOnly: request.checkOnly,
    status: 'running',
    author: request.author,
    rowsRead: 0,
    summary: null,
    problemCount: 0,
    problems: [],
    error: null,
    createdAt: ctx.clock.now(),
    finishedAt: null,
    progress: null,
  };
  importRegistry(ctx)
    .track(job, async (progress) => {
      try {
        await runImportJob(ctx, jobId, request, (p) => Object.assign(progress, p));
      } finally {
        await rm(request.path, { force: true });
      }
    })
    // Recorded in the job by runImportJob; nobody awaits the background work itself.
    .catch(() => {});
  return jobId;
}
