import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import {
  type ImportJob,
  importRegistry,
  listImportJobs,
  readImportJob,
} from '../../app/import/import-jobs.ts';
import { startImport } from '../../app/import/start-import.ts';
import { isImportKind } from '../../domain/import/columns.ts';
import type { ImportProblem } from '../../domain/import/problems.ts';
import { operatorKeyAuth } from '../../http/auth/operator-key-auth.ts';
import { problem } from '../../http/problem.ts';
import { checkRequest, sessionOf } from '../auth.ts';
import { formText } from '../forms/numbers.ts';
import { formatter, messages } from '../i18n/index.ts';
import { keepsRows } from '../kept-rows.ts';
import { pageFrameOf, sendPage, shopContext } from '../request-context.ts';
import {
  IMPORT_SCRIPT,
  IMPORT_SCRIPT_URL,
  type ImportForm,
  importJobPage,
  importPage,
  problemText,
  progressText,
  readShare,
} from '../views/import.ts';
import { messagePage } from '../views/layout.ts';

/** A file being received: where it is kept until its import ends, and under which name. */
interface Upload {
  path: string;
  fileName: string;
  bytes: number;
  /** Handed to an import, which removes the file when it ends; otherwise removed with the response. */
  claimed: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    importUpload: Upload | null;
  }
}

/**
 * A file about to be received, kept under a name of our own; `name` is the one the merchant's file
 * had, kept without folders for the job's page (never used as a path).
 */
const newUpload = (name: string | undefined): Upload => ({
  path: join(tmpdir(), `loyalty-import-${randomBytes(12).toString('hex')}.csv`),
  fileName: (basename(name ?? '').slice(0, 200) || 'upload.csv').trim(),
  bytes: 0,
  claimed: false,
});

const defaultForm = (): ImportForm => ({
  kind: 'orders',
  separator: '',
  decimalComma: false,
  checkOnly: false,
});

/**
 * The import pages under /admin/import (docs/import.md): the upload form with the latest imports, the
 * upload itself (multipart, the file streamed to a temporary file as it arrives, never held whole,
 * refused beyond the service's size), a job's page that follows it and its small JSON status.
 */
export function importRoutes(app: FastifyInstance, ctx: AppContext) {
  const registry = importRegistry(ctx);
  app.get('/import', async (request, reply) => {
    const { frame, fmt, shopId } = await shopContext(ctx, request);
    const jobs = await listImportJobs(ctx, shopId);
    return sendPage(
      reply,
      importPage(frame, fmt, { form: defaultForm(), jobs, maxBytes: registry.maxBytes }),
    );
  });

  app.get(IMPORT_SCRIPT_URL.replace('/admin', ''), async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=3600').send(IMPORT_SCRIPT),
  );

  app.get<{ Params: { jobId: string } }>('/import/:jobId', async (request, reply) => {
    const shop = await shopContext(ctx, request);
    const job = await readImportJob(ctx, shop.shopId, request.params.jobId);
    if (!job) return reply.callNotFound();
    return sendPage(reply, importJobPage(shop.frame, shop.fmt, job, keepsRows(ctx)));
  });

  app.get<{ Params: { jobId: string } }>('/import/:jobId/status', async (request, reply) => {
    const shop = await shopContext(ctx, request);
    const job = await readImportJob(ctx, shop.shopId, request.params.jobId);
    if (!job) return reply.callNotFound();
    return reply.send({ ...importJobJson(job), progressText: progressText(shop.frame, shop.fmt, job) });
  });

  app.register(async (upload) => uploadRoute(upload, ctx));
}

/** The upload: its own scope, so that only it reads multipart bodies. */
async function uploadRoute(scope: FastifyInstance, ctx: AppContext) {
  const registry = importRegistry(ctx);
  scope.decorateRequest('importUpload', null);
  await scope.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: registry.maxBytes, files: 1, fields: 10, fieldSize: 1000, parts: 12 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      if (part.fieldname !== 'file' || this.importUpload) {
        part.file.resume();
        return;
      }
      const upload = newUpload(part.filename);
      this.importUpload = upload;
      const counting = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          upload.bytes += chunk.length;
          done(null, chunk);
        },
      });
      await pipeline(part.file, counting, createWriteStream(upload.path, { mode: 0o600 }));
      part.value = upload.fileName;
    },
  });
  // Only a signed-in user's upload is received: the session is checked before the body is read
  // (its CSRF token, which comes in the body, is checked after, as for every form).
  scope.addHook('onRequest', async (request, reply) => {
    const refusal = await checkRequest(ctx, request);
    if (refusal?.kind !== 'sign_in') return;
    const { t } = pageFrameOf(request);
    const link = { href: '/admin/login?next=%2Fadmin%2Fimport', label: t.signIn.submit };
    return sendPage(
      reply,
      messagePage(pageFrameOf(request), t.errors.signInTitle, t.errors.signIn, link),
      401,
    );
  });
  scope.addHook('onResponse', async (request) => {
    const upload = request.importUpload;
    if (upload && !upload.claimed) await rm(upload.path, { force: true });
  });
  scope.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error.code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
    return refuseUpload(ctx, request, reply, 413, 'file_too_large');
  });

  scope.post('/import', async (request, reply) => {
    const shop = await shopContext(ctx, request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = formOf(body);
    const upload = request.importUpload;
    if (!upload) return refuseUpload(ctx, request, reply, 422, 'no_file', form);
    if (upload.bytes === 0) return refuseUpload(ctx, request, reply, 422, 'empty_file', form);
    const session = sessionOf(request);
    upload.claimed = true;
    const jobId = await startImport(ctx, {
      shopId: shop.shopId,
      kind: form.kind,
      path: upload.path,
      fileName: upload.fileName,
      fileBytes: upload.bytes,
      separator: form.separator || null,
      decimalComma: form.decimalComma,
      checkOnly: form.checkOnly,
      author: session.user.name ? `${session.user.name} <${session.user.email}>` : session.user.email,
    });
    return reply.redirect(`/admin/import/${jobId}`, 303);
  });
}

function formOf(body: Record<string, unknown>): ImportForm {
  const kind = formText(body.kind);
  const separator = formText(body.separator);
  return {
    kind: isImportKind(kind) ? kind : 'orders',
    separator: separator === ',' || separator === ';' ? separator : '',
    decimalComma: formText(body.decimalComma) === 'true',
    checkOnly: formText(body.checkOnly) === 'true',
  };
}

/** The import page again, saying why the upload was not taken. */
async function refuseUpload(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  status: 413 | 422,
  why: 'file_too_large' | 'no_file' | 'empty_file',
  form: ImportForm = defaultForm(),
) {
  const { frame, fmt, shopId } = await shopContext(ctx, request);
  const t = frame.t.importPage;
  const maxBytes = importRegistry(ctx).maxBytes;
  const text =
    why === 'file_too_large'
      ? t.problems.file_too_large({ maxBytes })
      : why === 'no_file'
        ? t.noFile
        : t.emptyUpload;
  const jobs = await listImportJobs(ctx, shopId);
  // The rest of a refused upload is not read: the connection closes after the answer.
  if (why === 'file_too_large') reply.header('connection', 'close');
  return sendPage(
    reply,
    importPage(frame, fmt, { form, jobs, maxBytes, flash: { kind: 'error', text } }),
    status,
  );
}

/** An import as JSON: what the page's script and the command line follow. */
export function importJobJson(job: ImportJob) {
  const share = readShare(job);
  return {
    object: 'import',
    id: job.id,
    kind: job.kind,
    fileName: job.fileName,
    status: job.status,
    rowsRead: job.rowsRead,
    progress: {
      bytesRead: job.progress?.bytesRead ?? (job.status === 'running' ? 0 : job.fileBytes),
      bytesTotal: job.fileBytes,
      percent: job.status === 'running' ? Math.floor(share * 100) : 100,
    },
    summary: job.summary,
    problemCount: job.problemCount,
    problems: job.problems as ImportProblem[],
    error: job.error,
  };
}

/** Where the command line sends a file to the running service (see `importServiceRoutes`). */
export const IMPORT_SERVICE_PATH = '/local/imports';

/**
 * The command line's way in while a service holds the embedded database (`loyalty import` beside
 * `loyalty serve`): the file as the request's body (text/csv, streamed to a temporary file), with
 * an operator key (the local credential the service keeps in its data folder) rather than an admin
 * session, so outside /admin; the answer is the import as JSON, to follow at GET …/:jobId until it
 * ends.
 */
export function importServiceRoutes(app: FastifyInstance, ctx: AppContext) {
  app.register(async (scope) => {
    if (!scope.hasRequestDecorator('operatorKey')) scope.decorateRequest('operatorKey', null);
    scope.decorateRequest('importUpload', null);
    scope.addHook('onRequest', operatorKeyAuth(ctx));
    // The body is left unread here and streamed to a file by the route (never held as a value).
    scope.addContentTypeParser(['text/csv', 'application/octet-stream'], (_request, _payload, done) =>
      done(null),
    );
    scope.addHook('onResponse', async (request) => {
      const upload = request.importUpload;
      if (upload && !upload.claimed) await rm(upload.path, { force: true });
    });

    scope.post<{ Params: { shopId: string }; Querystring: Record<string, string | undefined> }>(
      `${IMPORT_SERVICE_PATH}/:shopId`,
      async (request, reply) => {
        const q = request.query;
        if (!isImportKind(q.kind))
          return refuse(reply, 422, 'invalid_input', 'Give kind: customers, members or orders');
        const maxBytes = importRegistry(ctx).maxBytes;
        const upload = newUpload(q.file);
        request.importUpload = upload;
        const received = await receive(request.raw, upload, maxBytes);
        if (!received) {
          const text = messages('en').importPage.problems.file_too_large({ maxBytes });
          return refuse(reply.header('connection', 'close'), 413, 'file_too_large', text);
        }
        upload.claimed = true;
        const jobId = await startImport(ctx, {
          shopId: request.params.shopId,
          kind: q.kind,
          path: upload.path,
          fileName: upload.fileName,
          fileBytes: upload.bytes,
          separator: q.separator === ',' || q.separator === ';' ? q.separator : null,
          decimalComma: q.decimalComma === 'true',
          checkOnly: q.checkOnly === 'true',
          author: 'loyalty import (command line)',
        });
        const job = await readImportJob(ctx, request.params.shopId, jobId);
        return reply.code(202).send(importJobJson(job!));
      },
    );

    scope.get<{ Params: { shopId: string; jobId: string } }>(
      `${IMPORT_SERVICE_PATH}/:shopId/:jobId`,
      async (request, reply) => {
        const job = await readImportJob(ctx, request.params.shopId, request.params.jobId);
        if (!job)
          return refuse(
            reply,
            404,
            'import_not_found',
            `There is no import ${request.params.jobId} in this shop`,
          );
        const fmt = formatter('en', 'UTC');
        const frame = { t: messages('en'), lang: 'en' as const, session: null };
        return reply.send({
          ...importJobJson(job),
          progressText: progressText(frame, fmt, job),
          problemTexts: job.problems.map((p) => problemText(frame.t, p)),
        });
      },
    );
  });
}

/** Streams the body into the upload's file; false (and the file removed) when it is larger than `maxBytes`. */
async function receive(
  body: NodeJS.ReadableStream | undefined,
  upload: Upload,
  maxBytes: number,
): Promise<boolean> {
  if (!body) return true;
  let tooLarge = false;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      upload.bytes += chunk.length;
      if (upload.bytes > maxBytes) {
        tooLarge = true;
        return done(new Error('too large'));
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, limit, createWriteStream(upload.path, { mode: 0o600 }));
  } catch (error) {
    if (!tooLarge) throw error;
  }
  if (tooLarge) await rm(upload.path, { force: true });
  return !tooLarge;
}

function refuse(reply: FastifyReply, status: number, code: string, detail: string) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send(problem(status, code, detail, reply.request.id));
}
