import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { getMember, listLedger, listMemberCodes } from '../../app/members/member-view.ts';
import { routeSpec } from './route-spec.ts';
import { iso, isoOrNull, isoTime, pageLimit, storeId } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

const params = z.object({ customerId: storeId });

const ledgerEntrySchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(['purchase', 'return', 'join', 'review', 'campaign', 'adjustment', 'conversion']),
    points: z.number().int().describe('Positive credits, negative debits'),
    refType: z.enum(['order', 'return', 'review', 'month', 'adjustment', 'member', 'campaign']),
    refId: z.string().describe('The order, return, review, month (YYYY-MM) … the entry is about'),
    author: z.string().nullable().describe('Who made an adjustment'),
    reason: z.string().nullable(),
    createdAt: isoTime,
  })
  .meta({ id: 'LedgerEntry' });

const codeSchema = z
  .object({
    code: z.string(),
    period: z.string().describe('The month whose conversion issued it, YYYY-MM'),
    valueCents: z.number().int(),
    points: z.number().int().describe('Points the code cost'),
    status: z
      .enum(['active', 'used', 'expired', 'restored'])
      .describe('`restored`: given back by a cancellation, usable'),
    issuedAt: isoTime,
    expiresAt: isoTime.describe('First moment the code is no longer valid'),
    validUntil: isoTime.describe('Last valid moment, as shown to people'),
    usedOrderId: z.string().nullable(),
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
      params,
      querystring: z.object({
        limit: pageLimit,
        before: z.coerce.number().int().positive().optional().describe('Entries with an id below this one'),
      }),
      responses: {
        200: z.object({
          object: z.literal('list'),
          data: z.array(ledgerEntrySchema),
          hasMore: z.boolean(),
          nextBefore: z.number().int().nullable(),
        }),
      },
      errors: { 404: ['customer_not_found'] },
    }),
    async (request) => {
      const shopId = shopOf(request);
      await getMember(ctx, shopId, request.params.customerId);
      const page = await listLedger(ctx, shopId, request.params.customerId, request.query);
      return {
        object: 'list' as const,
        data: page.entries.map((e) => ({ ...e, createdAt: iso(e.createdAt) })),
        hasMore: page.nextBefore !== null,
        nextBefore: page.nextBefore,
      };
    },
  );

  api.get(
    '/members/:customerId/codes',
    routeSpec('GET', {
      operationId: 'listMemberCodes',
      tag: 'Members',
      summary: 'List discount codes',
      description: 'The member’s loyalty discount codes, newest first, with their status now.',
      params,
      responses: { 200: z.object({ object: z.literal('list'), data: z.array(codeSchema) }) },
      errors: { 404: ['customer_not_found'] },
    }),
    async (request) => {
      const shopId = shopOf(request);
      await getMember(ctx, shopId, request.params.customerId);
      const codes = await listMemberCodes(ctx, shopId, request.params.customerId);
      return {
        object: 'list' as const,
        data: codes.map((c) => ({
          ...c,
          issuedAt: iso(c.issuedAt),
          expiresAt: iso(c.expiresAt),
          validUntil: iso(c.validUntil),
          usedAt: isoOrNull(c.usedAt),
        })),
      };
    },
  );
}
