import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { type LiabilityReport, pointsLiability } from '../../app/reports/liability.ts';
import { type CsvDialect, csvDialect, csvStream } from '../csv.ts';
import { formatter, type Messages } from '../i18n/index.ts';
import { pageFrameOf, sendPage } from '../request-context.ts';
import { liabilityPage } from '../views/liability.ts';

/** A rate in basis points as a percentage with two decimals: written as cents are written as euros. */
const ratePercent = (csv: CsvDialect, rateBp: number | null) => (rateBp === null ? '' : csv.amount(rateBp));
const amountOrEmpty = (csv: CsvDialect, cents: number | null) => (cents === null ? '' : csv.amount(cents));

function monthsCsv(report: LiabilityReport, t: Messages, csv: CsvDialect) {
  const x = t.liability;
  const columns = [
    x.month,
    x.monthEnd(report.timeZone),
    x.points,
    x.members,
    x.pointsValue,
    x.negative,
    x.unusedCodes,
    x.unusedValue,
    x.expiredCodes,
    x.breakage,
    x.usedCodes,
    x.usedValue,
    `${x.rate} %`,
    x.netValue,
    x.total,
  ];
  const rows = report.months.map((m) => [
    m.month,
    csv.moment(m.end),
    m.points.outstanding,
    m.points.members,
    amountOrEmpty(csv, m.points.valueCents),
    m.points.negative,
    m.codes.unusedCount,
    csv.amount(m.codes.unusedCents),
    m.codes.expiredCount,
    csv.amount(m.codes.expiredCents),
    m.codes.usedCount,
    csv.amount(m.codes.usedCents),
    ratePercent(csv, m.codes.breakageRateBp),
    csv.amount(m.codes.netUnusedCents),
    amountOrEmpty(csv, m.totalCents),
  ]);
  return { columns, rows };
}

function codesCsv(report: LiabilityReport, t: Messages, csv: CsvDialect) {
  const x = t.liability;
  const columns = [x.month, x.monthEnd(report.timeZone), x.expiryMonth, x.codes, x.value];
  const rows = report.months.flatMap((m) =>
    m.codes.byExpiry.map((g) => [m.month, csv.moment(m.end), g.month, g.count, csv.amount(g.valueCents)]),
  );
  return { columns, rows };
}

/**
 * A small CSV (13 or a few dozen lines) for the admin's language: `;` and decimal commas in
 * Finnish (csvDialect), through the same stream and cell neutralising as every export.
 */
function sendCsv(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  csv: CsvDialect,
  table: { columns: string[]; rows: unknown[][] },
) {
  reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'no-store');
  const records = (async function* () {
    yield* table.rows;
  })();
  const options = { header: true, columns: table.columns, bom: true, delimiter: csv.delimiter };
  return reply.send(csvStream(records, options, request.log));
}

/** What the program owes by month end (owners only, as every page but the till). */
export function liabilityRoutes(app: FastifyInstance, ctx: AppContext) {
  const report = async (request: FastifyRequest) => {
    const frame = pageFrameOf(request);
    const made = await pointsLiability(ctx, frame.session!.shopId);
    return { frame, made, fmt: formatter(frame.lang, made.timeZone) };
  };

  app.get('/liability', async (request, reply) => {
    const { frame, made, fmt } = await report(request);
    return sendPage(reply, liabilityPage(frame, fmt, made));
  });

  app.get('/liability.csv', async (request, reply) => {
    const { frame, made } = await report(request);
    const csv = csvDialect(frame.lang, made.timeZone);
    const day = made.at.toISOString().slice(0, 10);
    return sendCsv(request, reply, `points-liability-${day}.csv`, csv, monthsCsv(made, frame.t, csv));
  });

  app.get('/liability-codes.csv', async (request, reply) => {
    const { frame, made } = await report(request);
    const csv = csvDialect(frame.lang, made.timeZone);
    const day = made.at.toISOString().slice(0, 10);
    return sendCsv(request, reply, `points-liability-codes-${day}.csv`, csv, codesCsv(made, frame.t, csv));
  });
}
