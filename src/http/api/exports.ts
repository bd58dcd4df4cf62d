import { PassThrough, pipeline, Readable } from 'node:stream';
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { codeExportBatches } from '../../app/reports/codes-export.ts';
import type { ExportPeriod } from '../../app/reports/export-batches.ts';
import { ledgerExportBatches } from '../../app/reports/ledger-export.ts';
import { memberExportBatches } from '../../app/reports/members-export.ts';
import { orderExportBatches } from '../../app/reports/orders-export.ts';
import {
  codeExportJson,
  codeExportSchema,
  ledgerExportJson,
  ledgerExportSchema,
  memberExportJson,
  memberExportSchema,
  orderExportJson,
  orderExportSchema,
} from './export-schemas.ts';
import { routeSpec, type Tag } from './route-spec.ts';
import { isoTime } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

const JSON_LINES = 'application/x-ndjson';

/**
 * A success answer of JSON lines: each line one `line` object. routeSpec types a success answer
 * as one schema; Fastify and the document generator also take a schema per media type, which is
 * how the document says that the body is lines, not one JSON value.
 */
function jsonLinesResponse(line: z.ZodType, what: string): z.ZodType {
  return {
    description: `${what}: one JSON object per line (\`${JSON_LINES}\`), each as the schema; no line when there is nothing to export`,
    content: { [JSON_LINES]: { schema: line } },
  } as unknown as z.ZodType;
}

const period = z
  .object({
    from: isoTime.describe('The first moment included'),
    to: isoTime.describe('The first moment not included'),
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), {
    path: ['to'],
    message: 'Give a moment after from',
  });

const periodExample = { from: '2026-06-01T00:00:00+03:00', to: '2026-07-01T00:00:00+03:00' };

function periodOf(q: z.output<typeof period>): ExportPeriod {
  return { start: new Date(q.from), end: new Date(q.to) };
}

const STREAMED =
  'Streamed as it is read, in batches of rows, so an export of any size keeps the service’s memory flat. Rows written while it runs may or may not be in it. A failure halfway ends the connection without the end of the body (a chunked answer without its last chunk), never a shorter body that looks complete. Read-only keys may use it.';

/**
 * Batches of rows as JSON lines for a reply. An error in the rows (a failing query) destroys the
 * stream, which ends that one response, and is logged; it never becomes an unhandled 'error'
 * event that would stop the process.
 */
export function sendJsonLines<R>(
  reply: FastifyReply,
  batches: AsyncIterable<R[]>,
  line: (row: R) => unknown,
  log: FastifyBaseLogger,
): FastifyReply {
  const text = (async function* () {
    for await (const batch of batches) yield batch.map((row) => `${JSON.stringify(line(row))}\n`).join('');
  })();
  const body = pipeline(Readable.from(text), new PassThrough(), (error) => {
    if (error) log.error({ err: error }, 'JSON-lines export failed; the response was ended');
  });
  reply.type(`${JSON_LINES}; charset=utf-8`).header('cache-control', 'no-store');
  // A stream is sent as it is read, without the response schema's serializer.
  return reply.send(body as never);
}

/** What the document says of one export and how its rows become lines. */
export interface ExportDoc<R> {
  operationId: string;
  tag: Tag;
  summary: string;
  /** What is in it; how it is streamed ({@link STREAMED}) is added. */
  description: string;
  /** One line, and what the lines are, for the success answer's description. */
  line: z.ZodType;
  lines: string;
  json: (row: R) => unknown;
}

/** The parts of an export's route spec that every export has. */
export function exportSpec<R>(doc: ExportDoc<R>) {
  return {
    operationId: doc.operationId,
    tag: doc.tag,
    summary: doc.summary,
    description: `${doc.description} ${STREAMED}`,
    responses: { 200: jsonLinesResponse(doc.line, doc.lines) },
  };
}

/** An export of all the shop has of something. */
function wholeExport<R>(
  api: Api,
  doc: ExportDoc<R> & { path: string; batches: (shopId: string) => AsyncIterable<R[]> },
) {
  api.get(doc.path, routeSpec('GET', { ...exportSpec(doc), example: {} }), async (request, reply) =>
    sendJsonLines(reply, doc.batches(shopOf(request)), doc.json, request.log),
  );
}

/** An export of what happened in a period, `from` up to `to`. */
function periodExport<R>(
  api: Api,
  doc: ExportDoc<R> & {
    path: string;
    batches: (shopId: string, period: ExportPeriod) => AsyncIterable<R[]>;
  },
) {
  api.get(
    doc.path,
    routeSpec('GET', { ...exportSpec(doc), querystring: period, example: { query: periodExample } }),
    async (request, reply) =>
      sendJsonLines(reply, doc.batches(shopOf(request), periodOf(request.query)), doc.json, request.log),
  );
}

/** The shop's data out, as JSON lines: members, the ledger of a period, codes, orders of a period. */
export function exportRoutes(api: Api, ctx: AppContext) {
  wholeExport(api, {
    path: '/exports/members',
    operationId: 'exportMembers',
    tag: 'Members',
    summary: 'Export every member',
    description:
      'Everyone who has joined the program, those who left included (`membership.active` tells), in member-number order: the customer, membership, balance, the codes they can still spend and the store version of their latest order.',
    line: memberExportSchema,
    lines: 'The members',
    json: memberExportJson,
    batches: (shopId) => memberExportBatches(ctx, shopId),
  });

  periodExport(api, {
    path: '/exports/ledger',
    operationId: 'exportLedger',
    tag: 'Members',
    summary: 'Export the ledger of a period',
    description:
      "Every ledger entry of every member made from `from` up to `to`, in the order they were posted (entry id; an entry's time is its event's, so times are nearly but not strictly in order), each with its member and the member's balance after it.",
    line: ledgerExportSchema,
    lines: 'The ledger entries',
    json: ledgerExportJson,
    batches: (shopId, period) => ledgerExportBatches(ctx, shopId, period),
  });

  wholeExport(api, {
    path: '/exports/codes',
    operationId: 'exportCodes',
    tag: 'Members',
    summary: 'Export every discount code',
    description:
      'Every loyalty code of the shop, oldest first, with its owner and its status at the moment the export began.',
    line: codeExportSchema,
    lines: 'The codes',
    json: codeExportJson,
    batches: (shopId) => codeExportBatches(ctx, shopId),
  });

  periodExport(api, {
    path: '/exports/orders',
    operationId: 'exportOrders',
    tag: 'Orders',
    summary: 'Export the orders of a period',
    description:
      'Every order placed from `from` up to `to`, oldest first, as recorded (cancelled ones included), with whether a member placed it.',
    line: orderExportSchema,
    lines: 'The orders',
    json: orderExportJson,
    batches: (shopId, period) => orderExportBatches(ctx, shopId, period),
  });
}
