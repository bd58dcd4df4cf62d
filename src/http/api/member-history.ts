import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { getMember, listLedger, listMemberCodes } from '../../app/members/member-view.ts';
import {
  MAX_AUTHOR_LENGTH,
  MAX_CODE_LENGTH,
  MAX_CODE_VALUE_CENTS,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_PAGE_SIZE,
  MAX_REASON_LENGTH,
  MAX_TIER_POINTS,
} from '../../domain/limits.ts';
import { listJson, listSchema, pageJson, pageQueryFields, pageSchema } from './answers.ts';
import { oneCustomer } from './path-resources.ts';
import { routeSpec } from './route-spec.ts';
import { iso, isoOrNull, isoTime, safeInt, storeIdOut, text } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

/** What a ledger entry is for, and what it is about, in every ledger the API shows. */
export const ledgerKind = z.enum([
  'purchase',
  'return',
  'join',
  'review',
  'campaign',
  'adjustment',
  'conversion',
]);
export const ledgerRefType = z.enum([
  'order',
  'return',
  'review',
  'month',
  'adjustment',
  'member',
  'campaign',
]);

export const ledgerEntrySchema = z
  .object({
    id: z.int().min(1),
    kind: ledgerKind,
    points: safeInt().describe('Positive credits, negative debits'),
    refType: ledgerRefType,
    refId: text(MAX_IDEMPOTENCY_KEY_LENGTH).describe(
      'The order, return, review, month (YYYY-MM) … the entry is about; an adjustment’s Idempotency-Key',
    ),
    author: text(MAX_AUTHOR_LENGTH).nullable().describe('Who made an adjustment'),
    reason: text(MAX_REASON_LENGTH).nullable(),
    createdAt: isoTime,
  })
  .meta({ id: 'LedgerEntry' });

export const codeSchema = z
  .object({
    code: text(MAX_CODE_LENGTH),
    // Written as YYYY-MM by the monthly conversion; the database does not check it, so only its length is promised.
    period: text(MAX_LABEL_LENGTH).describe('The month whose conversion issued it, YYYY-MM'),
    valueCents: z.int().min(1).max(MAX_CODE_VALUE_CENTS),
    points: z.int().min(1).max(MAX_TIER_POINTS).describe('Points the code cost'),
    status: z
      .enum(['active', 'used', 'expired', 'restored', 'voided'])
      .describe('`restored`: given back by a cancellation, usable; `voided`: its owner was erased'),
    issuedAt: isoTime,
    expiresAt: isoTime.describe('First moment the code is no longer valid'),
    validUntil: isoTime.describe('Last valid moment, as shown to people'),
    usedOrderId: storeIdOut.nullable(),
    usedAt: isoTime.nullable(),
  })
  .meta({ id: 'DiscountCode' });

export function memberHistoryRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/members/:customerId/ledger',
    routeSpec('GET', {
      operationId: 'listLedger',
      tag: 'Members',
      summary: 'List ledger entries',
      description:
        'Every change of the balance, newest first. For the next page pass `nextBefore` of this page as `before`; it is null on the last page.',
      on: oneCustomer,
      querystring: z.object(pageQueryFields('Entries with an id below this one')),
      responses: { 200: pageSchema(ledgerEntrySchema, MAX_PAGE_SIZE) },
      example: { query: { limit: 20 } },
    }),
    async (request) => {
      const shopId = shopOf(request);
      await getMember(ctx, shopId, request.params.customerId);
      const page = await listLedger(ctx, shopId, request.params.customerId, request.query);
      return pageJson(page.entries, page.nextBefore, (e) => ({
        ...e,
        // An admin user's name is not bounded where it is kept; shown at most this long.
        author: e.author === null ? null : e.author.slice(0, MAX_AUTHOR_LENGTH),
        createdAt: iso(e.createdAt),
      }));
    },
  );

  api.get(
    '/members/:customerId/codes',
    routeSpec('GET', {
      operationId: 'listMemberCodes',
      tag: 'Members',
      summary: 'List discount codes',
      description: 'The member’s loyalty discount codes, newest first, with their status now.',
      on: oneCustomer,
      responses: { 200: listSchema(codeSchema) },
    }),
    async (request) => {
      const shopId = shopOf(request);
      await getMember(ctx, shopId, request.params.customerId);
      const codes = await listMemberCodes(ctx, shopId, request.params.customerId);
      return listJson(codes, (c) => ({
        ...c,
        issuedAt: iso(c.issuedAt),
        expiresAt: iso(c.expiresAt),
        validUntil: iso(c.validUntil),
        usedAt: isoOrNull(c.usedAt),
      }));
    },
  );
}
