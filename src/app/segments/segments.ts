import { createHash } from 'node:crypto';
import type { Executor } from '../../db/connect.ts';
import { DomainError, type FieldError } from '../../domain/errors.ts';
import { type RewardTier, zodFieldErrors } from '../../domain/program/settings.ts';
import { normaliseAudienceEmail } from '../../domain/segments/audience.ts';
import {
  type SegmentFilters,
  segmentFilterErrors,
  segmentFiltersSchema,
} from '../../domain/segments/segment-filters.ts';
import type { AppContext } from '../context.ts';
import { findProgram } from '../program/load-program.ts';
import { randomId } from '../random-id.ts';
import { type ExportOptions, keysetBatches } from '../reports/export-batches.ts';
import { deleteShopRowById, shopRowById } from '../shop-rows.ts';
import { shopTimeZone } from '../shops/shop-with-program.ts';
import {
  countSegmentRows,
  type SegmentMemberRow,
  type SegmentScope,
  segmentRowsAfter,
} from './segment-query.ts';

export type { SegmentFilters, SegmentMemberRow };

/** A saved segment: a name and its filters (docs/segments.md). */
export interface Segment {
  id: string;
  name: string;
  filters: SegmentFilters;
  createdAt: Date;
  updatedAt: Date;
}

export const MAX_SEGMENT_NAME_LENGTH = 100;
/** A shop's segments listed at most (by name). */
export const MAX_SEGMENTS_LISTED = 1000;

/**
 * The filters as given (an API body, a form), checked: their shape, ranges the right way round
 * and a store version the shop has. `invalid_input` with every field's problem at once.
 */
export async function checkSegmentFilters(
  db: Executor,
  shopId: string,
  input: unknown,
): Promise<SegmentFilters> {
  const parsed = segmentFiltersSchema.safeParse(input);
  if (!parsed.success)
    throw invalid(zodFieldErrors(parsed.error).map((e) => ({ ...e, field: `filters.${e.field}` })));
  const errors = segmentFilterErrors(parsed.data).map((e) => ({ ...e, field: `filters.${e.field}` }));
  const version = parsed.data.storeVersionId;
  if (version !== undefined) {
    if (!(await shopRowById(db, 'store_versions', shopId, version)))
      errors.push({ field: 'filters.storeVersionId', message: `Store version "${version}" does not exist` });
  }
  if (errors.length) throw invalid(errors);
  return parsed.data;
}

function invalid(errors: FieldError[]): DomainError {
  return new DomainError('invalid_input', 'The segment’s filters are not valid', errors);
}

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > MAX_SEGMENT_NAME_LENGTH)
    throw new DomainError('invalid_input', 'The segment’s name is not valid', [
      { field: 'name', message: `Give a name of 1 to ${MAX_SEGMENT_NAME_LENGTH} characters` },
    ]);
  return trimmed;
}

/** Saves a new segment, or replaces the name and filters of segment `id`; returns it. */
export async function saveSegment(
  ctx: AppContext,
  input: { shopId: string; id?: string | undefined; name: string; filters: unknown },
): Promise<Segment> {
  const name = checkedName(input.name);
  const filters = await checkSegmentFilters(ctx.db, input.shopId, input.filters);
  const now = ctx.clock.now();
  if (input.id === undefined) {
    const id = randomId('seg', 8);
    await ctx.db
      .insertInto('segments')
      .values({
        shop_id: input.shopId,
        id,
        name,
        filters: JSON.stringify(filters),
        created_at: now,
        updated_at: now,
      })
      .execute();
    return { id, name, filters, createdAt: now, updatedAt: now };
  }
  const row = await ctx.db
    .updateTable('segments')
    .set({ name, filters: JSON.stringify(filters), updated_at: now })
    .where('shop_id', '=', input.shopId)
    .where('id', '=', input.id)
    .returning(['created_at'])
    .executeTakeFirst();
  if (!row) throw notFound(input.id);
  return { id: input.id, name, filters, createdAt: row.created_at, updatedAt: now };
}

function notFound(id: string): DomainError {
  return new DomainError('segment_not_found', `Segment "${id}" does not exist in this shop`);
}

function segmentOf(row: {
  id: string;
  name: string;
  filters: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}): Segment {
  return {
    id: row.id,
    name: row.name,
    // Checked before they were stored.
    filters: row.filters as SegmentFilters,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The shop's saved segments, by name (at most MAX_SEGMENTS_LISTED). */
export async function listSegments(ctx: AppContext, shopId: string): Promise<Segment[]> {
  const rows = await ctx.db
    .selectFrom('segments')
    .select(['id', 'name', 'filters', 'created_at', 'updated_at'])
    .where('shop_id', '=', shopId)
    .orderBy('name')
    .orderBy('id')
    .limit(MAX_SEGMENTS_LISTED)
    .execute();
  return rows.map(segmentOf);
}

export async function getSegment(ctx: AppContext, shopId: string, id: string): Promise<Segment> {
  const row = await shopRowById(ctx.db, 'segments', shopId, id);
  if (!row) throw notFound(id);
  return segmentOf(row);
}

export async function deleteSegment(ctx: AppContext, shopId: string, id: string): Promise<void> {
  if (!(await deleteShopRowById(ctx.db, 'segments', shopId, id))) throw notFound(id);
}

/** The shop's zone and tiers at `now`: what "within N days" and "points to next tier" are read in. */
async function scopeOf(ctx: AppContext, shopId: string, filters: SegmentFilters): Promise<SegmentScope> {
  const [program, shop] = await Promise.all([
    findProgram(ctx.db, shopId),
    ctx.db.selectFrom('shops').select('time_zone').where('id', '=', shopId).executeTakeFirst(),
  ]);
  const tiers: RewardTier[] = program?.settings.tiers ?? [];
  const timeZone = shopTimeZone(program?.settings, shop?.time_zone);
  return { shopId, filters, now: ctx.clock.now(), timeZone, tiers };
}

/** How many current members the filters select now (the admin's live count). */
export async function countSegment(
  ctx: AppContext,
  shopId: string,
  filters: SegmentFilters,
): Promise<number> {
  return countSegmentRows(ctx.db, await scopeOf(ctx, shopId, filters));
}

/** The selected members, in member-number order, a batch at a time (for CSV and JSON lines). */
export async function* segmentMemberBatches(
  ctx: AppContext,
  shopId: string,
  filters: SegmentFilters,
  options: ExportOptions = {},
): AsyncGenerator<SegmentMemberRow[]> {
  const scope = await scopeOf(ctx, shopId, filters);
  yield* keysetBatches(
    (after: number | null, limit) => segmentRowsAfter(ctx.db, scope, after, limit),
    (row) => row.memberNumber,
    options,
  );
}

/** The SHA-256 (hex) of an address as ad platforms match it: trimmed, lower case. */
export function audienceHash(email: string): string {
  return createHash('sha256').update(email, 'utf8').digest('hex');
}

/**
 * The ad audience of the filters: the SHA-256 of each selected member's normalised e-mail
 * address, for an advertising platform's customer list. Only members who consented to marketing
 * are in it, whatever the filters say (a filter asking for those who did not gives nobody); members
 * without an address are left out.
 */
export async function* segmentAudienceBatches(
  ctx: AppContext,
  shopId: string,
  filters: SegmentFilters,
  options: ExportOptions = {},
): AsyncGenerator<{ emailSha256: string }[]> {
  if (filters.marketingConsent === false) return;
  for await (const batch of segmentMemberBatches(
    ctx,
    shopId,
    { ...filters, marketingConsent: true },
    options,
  )) {
    const hashes = batch.flatMap((row) => {
      const email = normaliseAudienceEmail(row.email);
      return email ? [{ emailSha256: audienceHash(email) }] : [];
    });
    if (hashes.length) yield hashes;
  }
}
