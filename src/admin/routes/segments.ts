import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { grantSegmentBonus } from '../../app/segments/segment-grant.ts';
import {
  checkSegmentFilters,
  countSegment,
  deleteSegment,
  getSegment,
  listSegments,
  type SegmentFilters,
  type SegmentMemberRow,
  saveSegment,
  segmentAudienceBatches,
  segmentMemberBatches,
} from '../../app/segments/segments.ts';
import { listStoreVersions } from '../../app/store-versions/list-store-versions.ts';
import { DomainError } from '../../domain/errors.ts';
import { sessionOf } from '../auth.ts';
import { type CsvDialect, csvDialect, csvStream } from '../csv.ts';
import { eurosForInput, formText, parseEuros, parseWholeNumber } from '../forms/numbers.ts';
import type { Messages } from '../i18n/index.ts';
import { flashFrom, query, type ShopContext, sendPage, shopContext } from '../request-context.ts';
import {
  SEGMENT_FORM_FIELDS,
  SEGMENT_WHOLE_FIELDS,
  type SegmentForm,
  type SegmentFormField,
  segmentsPage,
} from '../views/segments.ts';

type Fields = Record<string, unknown>;

/** The form's euro fields and the filters they fill, in cents. */
const EUROS: [SegmentFormField, keyof SegmentFilters][] = [
  ['spendMin', 'spendMinCents'],
  ['spendMax', 'spendMaxCents'],
];

/** The form as typed, and the filters it gives with a message beside each field that is not a number. */
function readForm(
  t: Messages,
  body: Fields,
  id?: string,
): { form: SegmentForm; filters: Record<string, unknown> } {
  const values = {} as Record<SegmentFormField, string>;
  for (const key of SEGMENT_FORM_FIELDS) values[key] = formText(body[key]).trim();
  const form: SegmentForm = { name: formText(body.name).trim(), values, errors: {}, ...(id ? { id } : {}) };
  const filters: Record<string, unknown> = {};
  for (const key of SEGMENT_WHOLE_FIELDS) {
    if (values[key] === '') continue;
    const n = parseWholeNumber(values[key]);
    if (n === null) form.errors[key] = t.segments.wholeNumber;
    else filters[key] = n;
  }
  for (const [key, filter] of EUROS) {
    if (values[key] === '') continue;
    const cents = parseEuros(values[key]);
    if (cents === null) form.errors[key] = t.segments.amount;
    else filters[filter] = cents;
  }
  if (values.storeVersionId) filters.storeVersionId = values.storeVersionId;
  if (values.marketingConsent === 'yes' || values.marketingConsent === 'no')
    filters.marketingConsent = values.marketingConsent === 'yes';
  return { form, filters };
}

/** The form's fields of saved filters (spend back in euros). */
function formOf(
  segment: { id: string; name: string; filters: SegmentFilters },
  lang: 'fi' | 'en',
): SegmentForm {
  const f = segment.filters;
  const values = {} as Record<SegmentFormField, string>;
  for (const key of SEGMENT_FORM_FIELDS) values[key] = '';
  for (const key of SEGMENT_WHOLE_FIELDS) {
    const v = f[key as keyof SegmentFilters];
    if (typeof v === 'number') values[key] = String(v);
  }
  for (const [key, filter] of EUROS) {
    const v = f[filter];
    if (typeof v === 'number') values[key] = eurosForInput(v, lang);
  }
  values.storeVersionId = f.storeVersionId ?? '';
  values.marketingConsent = f.marketingConsent === undefined ? '' : f.marketingConsent ? 'yes' : 'no';
  return { id: segment.id, name: segment.name, values, errors: {} };
}

/** The checked filters, or the form with the messages of the use case's check beside its fields. */
async function checkedFilters(
  ctx: AppContext,
  shop: ShopContext,
  form: SegmentForm,
  filters: Record<string, unknown>,
): Promise<SegmentFilters | null> {
  try {
    const checked = await checkSegmentFilters(ctx.db, shop.shopId, filters);
    return Object.keys(form.errors).length ? null : checked;
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'invalid_input') throw error;
    for (const e of error.fields) {
      const key = e.field.replace(/^filters\./, '');
      const field = EUROS.find(([, filter]) => filter === key)?.[0] ?? (key as SegmentFormField);
      form.errors[field] = e.message;
    }
    return null;
  }
}

async function renderPage(
  ctx: AppContext,
  reply: FastifyReply,
  shop: ShopContext,
  form: SegmentForm,
  count: number | null,
  status = 200,
  flash: Parameters<typeof segmentsPage>[2] = null,
) {
  const [segments, versions] = await Promise.all([
    listSegments(ctx, shop.shopId),
    listStoreVersions(ctx, shop.shopId, { program: shop.program ?? null }),
  ]);
  const storeVersions = versions.map((v) => ({ id: v.id, name: v.name }));
  return sendPage(reply, segmentsPage(shop.frame, { segments, form, count, storeVersions }, flash), status);
}

const emptyForm = (): SegmentForm => ({
  name: '',
  values: Object.fromEntries(SEGMENT_FORM_FIELDS.map((k) => [k, ''])) as Record<SegmentFormField, string>,
  errors: {},
});

/** The owner's segments (docs/segments.md): the form with its live count, saving, downloads, grants. */
export function segmentRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/segments', async (request, reply) => {
    const shop = await shopContext(ctx, request);
    const flash = flashFrom(request, { deleted: shop.frame.t.segments.deletedFlash });
    return renderPage(ctx, reply, shop, emptyForm(), await countSegment(ctx, shop.shopId, {}), 200, flash);
  });

  // The live count: the form's fields as a query; 422 with the messages by field while one is wrong.
  app.get('/segments/count', async (request, reply) => {
    const shop = await shopContext(ctx, request);
    const { form, filters } = readForm(shop.frame.t, query(request));
    const checked = await checkedFilters(ctx, shop, form, filters);
    if (!checked) return reply.code(422).send({ errors: form.errors });
    return reply
      .header('cache-control', 'no-store')
      .send({ count: await countSegment(ctx, shop.shopId, checked) });
  });

  app.post('/segments', async (request, reply) => saveFromForm(ctx, request, reply));
  app.post('/segments/:id', async (request, reply) =>
    saveFromForm(ctx, request, reply, (request.params as { id: string }).id),
  );

  app.get('/segments/:id', async (request, reply) => {
    const shop = await shopContext(ctx, request);
    const segment = await getSegment(ctx, shop.shopId, (request.params as { id: string }).id);
    const t = shop.frame.t.segments;
    const flash = flashFrom(request, { saved: t.savedFlash, duplicate: t.duplicateFlash });
    const granted = query(request).granted;
    const shown = granted ? { kind: 'ok' as const, text: t.grantedFlash(granted) } : flash;
    const count = await countSegment(ctx, shop.shopId, segment.filters);
    return renderPage(ctx, reply, shop, formOf(segment, shop.frame.lang), count, 200, shown);
  });

  app.post('/segments/:id/delete', async (request, reply) => {
    const shop = await shopContext(ctx, request);
    await deleteSegment(ctx, shop.shopId, (request.params as { id: string }).id);
    return reply.redirect('/admin/segments?done=deleted', 303);
  });

  segmentGrantRoute(app, ctx);
  segmentCsvRoutes(app, ctx);
}

async function saveFromForm(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, id?: string) {
  const shop = await shopContext(ctx, request);
  const { form, filters } = readForm(shop.frame.t, (request.body ?? {}) as Fields, id);
  if (!form.name) form.errors.name = shop.frame.t.segments.nameRequired;
  const checked = await checkedFilters(ctx, shop, form, filters);
  if (!checked || form.errors.name) {
    const flash = { kind: 'error' as const, text: shop.frame.t.segments.invalid };
    return renderPage(ctx, reply, shop, form, null, 422, flash);
  }
  const saved = await saveSegment(ctx, { shopId: shop.shopId, id, name: form.name, filters: checked });
  return reply.redirect(`/admin/segments/${encodeURIComponent(saved.id)}?done=saved`, 303);
}

function segmentGrantRoute(app: FastifyInstance, ctx: AppContext) {
  app.post('/segments/:id/grant', async (request, reply) => {
    const shop = await shopContext(ctx, request);
    const id = (request.params as { id: string }).id;
    const body = (request.body ?? {}) as Fields;
    const session = sessionOf(request);
    const points = parseWholeNumber(formText(body.points));
    const base = `/admin/segments/${encodeURIComponent(id)}`;
    try {
      const result = await grantSegmentBonus(ctx, {
        shopId: shop.shopId,
        segmentId: id,
        grantId: formText(body.grantId),
        points: points ?? 0,
        reason: formText(body.reason),
        author: session.user.name ? `${session.user.name} <${session.user.email}>` : session.user.email,
      });
      if (result.outcome === 'duplicate') return reply.redirect(`${base}?done=duplicate`, 303);
      return reply.redirect(`${base}?granted=${result.membersGranted}`, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || !['invalid_input', 'grant_exists'].includes(error.code))
        throw error;
      const segment = await getSegment(ctx, shop.shopId, id);
      const detail = error.fields.map((f) => f.message).join(' ') || error.message;
      const flash = { kind: 'error' as const, text: detail };
      const count = await countSegment(ctx, shop.shopId, segment.filters);
      return renderPage(ctx, reply, shop, formOf(segment, shop.frame.lang), count, 422, flash);
    }
  });
}

function segmentCsvRoutes(app: FastifyInstance, ctx: AppContext) {
  const send = (
    request: FastifyRequest,
    reply: FastifyReply,
    name: string,
    columns: string[],
    csv: CsvDialect,
    records: AsyncIterable<unknown[]>,
  ) => {
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store');
    return reply.send(
      csvStream(records, { header: true, columns, bom: true, delimiter: csv.delimiter }, request.log),
    );
  };

  app.get('/segments/:id/members.csv', async (request, reply) => {
    const shop = await shopContext(ctx, request);
    const segment = await getSegment(ctx, shop.shopId, (request.params as { id: string }).id);
    const t = shop.frame.t;
    const csv = csvDialect(shop.frame.lang, shop.timeZone);
    const columns = [
      t.members.number,
      t.member.customerId,
      t.members.name,
      t.members.email,
      t.exports.joinedIn(shop.timeZone),
      t.member.balance,
      t.segments.toNextTier,
      t.segments.consentColumn,
    ];
    const record = (m: SegmentMemberRow) => [
      m.memberNumber,
      m.customerId,
      m.name ?? '',
      m.email ?? '',
      csv.moment(m.joinedAt),
      m.balance,
      m.pointsToNextTier ?? '',
      m.marketingConsent ? t.segments.yes : t.segments.no,
    ];
    const records = (async function* () {
      for await (const batch of segmentMemberBatches(ctx, shop.shopId, segment.filters))
        for (const row of batch) yield record(row);
    })();
    return send(request, reply, `segment-${segment.id}.csv`, columns, csv, records);
  });

  app.get('/segments/:id/audience.csv', async (request, reply) => {
    const shop = await shopContext(ctx, request);
    const segment = await getSegment(ctx, shop.shopId, (request.params as { id: string }).id);
    const csv = csvDialect(shop.frame.lang, shop.timeZone);
    const records = (async function* () {
      for await (const batch of segmentAudienceBatches(ctx, shop.shopId, segment.filters))
        for (const row of batch) yield [row.emailSha256];
    })();
    return send(
      request,
      reply,
      `audience-${segment.id}.csv`,
      [shop.frame.t.segments.hashedEmail],
      csv,
      records,
    );
  });
}
