import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { type CodeExportRow, codeExportBatches } from '../../app/reports/codes-export.ts';
import { type LedgerExportRow, ledgerExportBatches } from '../../app/reports/ledger-export.ts';
import { type MemberExportRow, memberExportBatches } from '../../app/reports/members-export.ts';
import { DomainError } from '../../domain/errors.ts';
import { type DateRange, previousMonth, resolveRange } from '../../domain/simulation/date-range.ts';
import { type CsvDialect, csvDialect, csvStream } from '../csv.ts';
import type { Messages } from '../i18n/index.ts';
import { query, sendPage, shopContext } from '../request-context.ts';
import { exportsPage, type LedgerExportForm } from '../views/exports.ts';

/** What a download's rows and columns need: the texts, the spreadsheet dialect, the shop's zone. */
interface CsvContext {
  t: Messages;
  csv: CsvDialect;
  timeZone: string;
}

/**
 * Rows as a CSV download in the admin's language (csvDialect, as the orders report's), each
 * batch turned into records only when the download reaches it.
 */
function sendCsv<R>(
  reply: FastifyReply,
  request: FastifyRequest,
  file: { name: string; columns: string[]; delimiter: CsvDialect['delimiter'] },
  batches: AsyncIterable<R[]>,
  record: (row: R) => unknown[],
): FastifyReply {
  const records = (async function* () {
    for await (const batch of batches) for (const row of batch) yield record(row);
  })();
  reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${file.name}"`)
    .header('cache-control', 'no-store');
  const options = { header: true, columns: file.columns, bom: true, delimiter: file.delimiter };
  return reply.send(csvStream(records, options, request.log));
}

const optional = (csv: CsvDialect, at: Date | null) => (at ? csv.moment(at) : '');

function memberColumns({ t, timeZone }: CsvContext): string[] {
  const x = t.exports;
  return [
    t.members.number,
    t.member.customerId,
    t.members.name,
    t.members.email,
    x.joinedIn(timeZone),
    x.leftIn(timeZone),
    x.latestVersion,
    t.member.balance,
    x.validCodes,
    x.validCodesValue,
  ];
}

function memberRecord(m: MemberExportRow, { csv }: CsvContext): unknown[] {
  return [
    m.member.memberNumber,
    m.customerId,
    m.name ?? '',
    m.email ?? '',
    csv.moment(m.member.joinedAt),
    optional(csv, m.member.leftAt),
    m.latestOrderStoreVersion?.name ?? '',
    m.balance,
    m.validCodes.count,
    csv.amount(m.validCodes.valueCents),
  ];
}

function ledgerColumns({ t, timeZone }: CsvContext): string[] {
  return [
    t.exports.timeIn(timeZone),
    t.member.customerId,
    t.exports.customer,
    t.member.event,
    t.member.points,
    t.member.reference,
    t.member.reason,
    t.member.author,
    t.exports.balanceAfter,
  ];
}

function ledgerRecord(e: LedgerExportRow, { t, csv }: CsvContext): unknown[] {
  return [
    csv.moment(e.createdAt),
    e.customerId,
    e.customerName ?? '',
    t.member.kinds[e.kind],
    e.points,
    // An adjustment's reference is its idempotency key: nothing a person reads (the ledger page hides it too).
    e.refType === 'adjustment' ? '' : e.refId,
    e.reason ?? '',
    e.author ?? '',
    e.balanceAfter,
  ];
}

function codeColumns({ t, timeZone }: CsvContext): string[] {
  return [
    t.codes.code,
    t.codes.owner,
    t.member.customerId,
    t.codes.value,
    t.codes.points,
    t.codes.month,
    t.codes.status,
    t.exports.issuedIn(timeZone),
    t.exports.validUntilIn(timeZone),
    t.codes.usedOn,
  ];
}

function codeRecord(c: CodeExportRow, { t, csv }: CsvContext): unknown[] {
  return [
    c.code,
    c.ownerName ?? '',
    c.customerId,
    csv.amount(c.valueCents),
    c.points,
    c.period,
    t.codes.statuses[c.status],
    csv.moment(c.issuedAt),
    csv.moment(c.validUntil),
    c.usedOrderId ?? '',
  ];
}

/**
 * The ledger download's period, or the messages to show beside its dates. Each date is first
 * checked alone (as a one-day range), so that what remains wrong with the pair is its order or
 * its length.
 */
function ledgerPeriod(
  t: Messages,
  q: Record<string, string | undefined>,
  timeZone: string,
): { range: DateRange; start: Date; end: Date } | LedgerExportForm {
  const range = { from: q.from?.trim() ?? '', to: q.to?.trim() ?? '' };
  const errors: LedgerExportForm['errors'] = {};
  for (const key of ['from', 'to'] as const) {
    if (!range[key]) errors[key] = t.exports.dateRequired;
    else if (!resolves({ from: range[key], to: range[key] }, timeZone)) errors[key] = t.exports.dateInvalid;
  }
  if (errors.from || errors.to) return { range, errors };
  try {
    const resolved = resolveRange(range, timeZone);
    return { range, start: resolved.start, end: resolved.end };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const field = error.fields[0]?.field;
    return {
      range,
      errors: field === 'to' ? { to: t.exports.endBeforeStart } : { from: t.exports.tooLong },
    };
  }
}

function resolves(range: DateRange, timeZone: string): boolean {
  try {
    resolveRange(range, timeZone);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

/** The downloads of members, the ledger of a period and codes, and the page that offers them all. */
export function exportRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/exports', async (request, reply) => {
    const { frame, timeZone } = await shopContext(ctx, request);
    const range = previousMonth(ctx.clock.now(), timeZone);
    return sendPage(reply, exportsPage(frame, { range, errors: {} }));
  });

  app.get('/members.csv', async (request, reply) => {
    const c = await csvContext(ctx, request);
    const file = {
      name: `members-${today(ctx, c)}.csv`,
      columns: memberColumns(c),
      delimiter: c.csv.delimiter,
    };
    return sendCsv(reply, request, file, memberExportBatches(ctx, c.shopId), (m) => memberRecord(m, c));
  });

  app.get('/codes.csv', async (request, reply) => {
    const c = await csvContext(ctx, request);
    const file = { name: `codes-${today(ctx, c)}.csv`, columns: codeColumns(c), delimiter: c.csv.delimiter };
    return sendCsv(reply, request, file, codeExportBatches(ctx, c.shopId), (code) => codeRecord(code, c));
  });

  app.get('/ledger.csv', async (request, reply) => {
    const c = await csvContext(ctx, request);
    const period = ledgerPeriod(c.t, query(request), c.timeZone);
    if ('errors' in period) return sendPage(reply, exportsPage(c.frame, period), 422);
    const { range } = period;
    const name = `ledger-${range.from}-${range.to}.csv`;
    const file = { name, columns: ledgerColumns(c), delimiter: c.csv.delimiter };
    const batches = ledgerExportBatches(ctx, c.shopId, period);
    return sendCsv(reply, request, file, batches, (e) => ledgerRecord(e, c));
  });
}

async function csvContext(ctx: AppContext, request: FastifyRequest) {
  const { frame, timeZone, shopId } = await shopContext(ctx, request);
  return { frame, shopId, t: frame.t, csv: csvDialect(frame.lang, timeZone), timeZone };
}

/** The shop's date now, for the name of a file that holds the data as it is now. */
function today(ctx: AppContext, c: CsvContext): string {
  return c.csv.moment(ctx.clock.now()).slice(0, 10);
}
