import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { grantSegmentBonus } from '../../app/segments/segment-grant.ts';
import {
  countSegment,
  deleteSegment,
  getSegment,
  listSegments,
  MAX_SEGMENT_NAME_LENGTH,
  MAX_SEGMENTS_LISTED,
  type Segment,
  type SegmentMemberRow,
  saveSegment,
  segmentAudienceBatches,
  segmentMemberBatches,
} from '../../app/segments/segments.ts';
import {
  MAX_ADJUSTMENT_POINTS,
  MAX_EMAIL_LENGTH,
  MAX_NAME_LENGTH,
  MAX_REASON_LENGTH,
} from '../../domain/limits.ts';
import { type SegmentFilters, segmentFiltersSchema } from '../../domain/segments/segment-filters.ts';
import { appliedStatus, createdOrFoundSchema, listJson, listSchema } from './answers.ts';
import { deleteRoute } from './delete-route.ts';
import { type ExportDoc, exportSpec, sendJsonLines } from './exports.ts';
import { type PathResource, routeSpec } from './route-spec.ts';
import { eventOutcome, iso, isoTime, safeInt, storeId, storeIdOut, text } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

const oneSegment = {
  params: z.object({ segmentId: storeId.describe('The segment’s id (`seg_…`)') }),
  notFound: 'segment_not_found',
  example: { segmentId: 'seg_3f2a9c1d5e7b8a60' },
} satisfies PathResource<unknown>;
const filters = segmentFiltersSchema.meta({ id: 'SegmentFilters' });

const segmentSchema = z
  .object({
    object: z.literal('segment'),
    id: storeIdOut,
    name: text(MAX_SEGMENT_NAME_LENGTH),
    filters,
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'Segment' });

const segmentBody = z.object({
  name: z.string().max(MAX_SEGMENT_NAME_LENGTH).describe('A name for people'),
  filters: z.unknown().describe('The filters (SegmentFilters); every one given must hold'),
});

const memberLine = z
  .object({
    memberNumber: z.int().min(1),
    customerId: storeIdOut,
    name: text(MAX_NAME_LENGTH).nullable(),
    email: text(MAX_EMAIL_LENGTH).nullable(),
    joinedAt: isoTime,
    balance: safeInt(),
    pointsToNextTier: safeInt().nullable(),
    marketingConsent: z.boolean(),
  })
  .meta({ id: 'SegmentMember' });

const audienceLine = z
  .object({ emailSha256: z.string().length(64).describe('SHA-256, hex, of the trimmed lower-case address') })
  .meta({ id: 'AudienceMember' });

const exampleBody = {
  name: 'Close to the next code',
  filters: { pointsToNextTierMax: 20, marketingConsent: true },
};

function segmentJson(s: Segment) {
  return {
    object: 'segment' as const,
    id: s.id,
    name: s.name,
    filters: s.filters,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
  };
}

function memberJson(m: SegmentMemberRow) {
  return { ...m, joinedAt: iso(m.joinedAt) };
}

/** Saved member segments (docs/segments.md): their filters, live counts, exports and bonus grants. */
export function segmentRoutes(api: Api, ctx: AppContext) {
  segmentSaveRoutes(api, ctx);
  segmentReadRoutes(api, ctx);
  segmentExportRoutes(api, ctx);
  segmentGrantRoute(api, ctx);
}

const segmentGrantSchema = z
  .object({
    object: z.literal('segment_bonus_grant'),
    segmentId: storeIdOut,
    outcome: eventOutcome,
    grantId: storeIdOut,
    points: safeInt(),
    membersGranted: safeInt().describe('Members credited (by the first request, for a duplicate)'),
  })
  .meta({ id: 'SegmentBonusGrant' });

function segmentGrantRoute(api: Api, ctx: AppContext) {
  api.post(
    '/segments/:segmentId/bonus-grants',
    routeSpec('POST', {
      operationId: 'grantSegmentBonus',
      tag: 'Members',
      summary: 'Give a segment’s members bonus points',
      description:
        'The same points to each member the segment selects now, with a reason, as a `campaign` entry in each one’s ledger (the author is the API key’s name). The grant id makes it count once: the same grant again answers 200 `duplicate` and pays nothing, even if the segment selects others by then; the same id with other points or reason is refused (409 `grant_exists`). A segment that selects nobody is refused (422).',
      on: oneSegment,
      body: z.object({
        grantId: storeId.describe('Your id for this grant'),
        points: z.int().min(1).max(MAX_ADJUSTMENT_POINTS).describe('Points each member gets'),
        reason: z.string().max(MAX_REASON_LENGTH).describe('Why; shown in the members’ ledgers'),
      }),
      responses: createdOrFoundSchema(segmentGrantSchema),
      errors: { 409: ['grant_exists'] },
      example: {
        body: { grantId: 'close-to-next-2026-12', points: 20, reason: 'A nudge to the next code' },
      },
    }),
    async (request, reply) => {
      const result = await grantSegmentBonus(ctx, {
        shopId: shopOf(request),
        segmentId: request.params.segmentId,
        ...request.body,
        author: request.apiKey!.name,
      });
      return reply.code(appliedStatus(result)).send({
        object: 'segment_bonus_grant' as const,
        segmentId: result.segmentId,
        outcome: result.outcome,
        grantId: result.grantId,
        points: result.points,
        membersGranted: result.membersGranted,
      });
    },
  );
}

function segmentSaveRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/segments',
    routeSpec('POST', {
      operationId: 'createSegment',
      tag: 'Members',
      summary: 'Save a segment',
      description:
        'A name and filters that select current members; counted and exported when asked, so it follows the members as they change.',
      body: segmentBody,
      responses: { 201: segmentSchema },
      example: { body: exampleBody },
    }),
    async (request, reply) => {
      const saved = await saveSegment(ctx, { shopId: shopOf(request), ...request.body });
      return reply.code(201).send(segmentJson(saved));
    },
  );

  api.put(
    '/segments/:segmentId',
    routeSpec('PUT', {
      operationId: 'updateSegment',
      tag: 'Members',
      summary: 'Change a segment',
      description: 'Replaces the segment’s name and filters.',
      on: oneSegment,
      body: segmentBody,
      responses: { 200: segmentSchema },
      example: { body: exampleBody },
    }),
    async (request) =>
      segmentJson(
        await saveSegment(ctx, { shopId: shopOf(request), id: request.params.segmentId, ...request.body }),
      ),
  );

  deleteRoute(api, {
    path: '/segments/:segmentId',
    operationId: 'deleteSegment',
    tag: 'Members',
    summary: 'Delete a segment',
    description: 'Removes the saved segment; nothing about its members changes.',
    on: oneSegment,
    idParam: 'segmentId',
    gone: { object: 'segment', id: storeIdOut },
    remove: (shopId, segmentId) => deleteSegment(ctx, shopId, segmentId),
  });
}

function segmentReadRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/segments',
    routeSpec('GET', {
      operationId: 'listSegments',
      tag: 'Members',
      summary: 'List the saved segments',
      description: 'The shop’s segments by name.',
      responses: { 200: listSchema(segmentSchema, MAX_SEGMENTS_LISTED) },
      example: {},
    }),
    async (request) => listJson(await listSegments(ctx, shopOf(request)), segmentJson),
  );

  api.get(
    '/segments/:segmentId',
    routeSpec('GET', {
      operationId: 'getSegment',
      tag: 'Members',
      summary: 'Read a segment and count its members',
      description: 'The segment with how many current members its filters select now.',
      on: oneSegment,
      responses: { 200: segmentSchema.extend({ memberCount: safeInt().min(0) }) },
    }),
    async (request) => {
      const segment = await getSegment(ctx, shopOf(request), request.params.segmentId);
      return {
        ...segmentJson(segment),
        memberCount: await countSegment(ctx, shopOf(request), segment.filters),
      };
    },
  );
}

function segmentExportRoutes(api: Api, ctx: AppContext) {
  segmentExport(
    api,
    ctx,
    '/segments/:segmentId/members',
    {
      operationId: 'exportSegmentMembers',
      tag: 'Members',
      summary: 'Export a segment’s members',
      description:
        'The current members the segment selects, in member-number order, with e-mail, balance, points to the next tier and consent to marketing.',
      line: memberLine,
      lines: 'The members',
      json: memberJson,
    },
    segmentMemberBatches,
  );

  segmentExport(
    api,
    ctx,
    '/segments/:segmentId/audience',
    {
      operationId: 'exportSegmentAudience',
      tag: 'Members',
      summary: 'Export a segment as an ad audience',
      description:
        'For an advertising platform’s customer list: the SHA-256 (hex) of each selected member’s e-mail address, trimmed and in lower case. Only members who consented to marketing are in it, and members without an address are left out.',
      line: audienceLine,
      lines: 'The hashed addresses',
      json: (a) => a,
    },
    segmentAudienceBatches,
  );
}

/** An export of the members a saved segment selects now, by its filters. */
function segmentExport<R>(
  api: Api,
  ctx: AppContext,
  path: string,
  doc: ExportDoc<R>,
  batches: (ctx: AppContext, shopId: string, filters: SegmentFilters) => AsyncIterable<R[]>,
) {
  api.get(path, routeSpec('GET', { ...exportSpec(doc), on: oneSegment }), async (request, reply) => {
    const segment = await getSegment(ctx, shopOf(request), request.params.segmentId);
    return sendJsonLines(reply, batches(ctx, shopOf(request), segment.filters), doc.json, request.log);
  });
}
