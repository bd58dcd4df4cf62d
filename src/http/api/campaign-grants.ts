import { z } from 'zod';
import {
  grantBonusPoints,
  listBonusGrants,
  MAX_GRANTS_LISTED,
} from '../../app/campaigns/grant-bonus-points.ts';
import type { AppContext } from '../../app/context.ts';
import { MAX_GRANT_CUSTOMERS } from '../../domain/campaigns/bonus-grant.ts';
import {
  MAX_ADJUSTMENT_POINTS,
  MAX_AUTHOR_LENGTH,
  MAX_REASON_LENGTH,
  MAX_STORE_ID_LENGTH,
} from '../../domain/limits.ts';
import { appliedStatus, createdOrFoundSchema, listJson, listSchema } from './answers.ts';
import { routeSpec } from './route-spec.ts';
import { eventOutcome, iso, isoTime, safeInt, storeId, storeIdOut, text } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

const grantSchema = z
  .object({
    object: z.literal('bonus_grant'),
    outcome: eventOutcome,
    grantId: storeIdOut,
    points: safeInt(),
    membersGranted: safeInt().describe('Members credited (by the first request, for a duplicate)'),
    skippedCustomerIds: z
      .array(text(MAX_STORE_ID_LENGTH))
      .max(MAX_GRANT_CUSTOMERS)
      .describe('Customers named that got nothing: not members now, unknown, or at the balance limit'),
  })
  .meta({ id: 'BonusGrant' });

const grantListItem = z
  .object({
    object: z.literal('bonus_grant'),
    grantId: storeIdOut,
    points: safeInt(),
    reason: text(MAX_REASON_LENGTH),
    author: text(MAX_AUTHOR_LENGTH),
    membersGranted: safeInt(),
    createdAt: isoTime,
  })
  .meta({ id: 'BonusGrantSummary' });

/** Bonus points to a set of members with a reason, once per grant id (docs/campaigns.md). */
export function campaignGrantRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/bonus-grants',
    routeSpec('POST', {
      operationId: 'grantBonusPoints',
      tag: 'Campaigns',
      summary: 'Give members bonus points',
      description:
        'The same points to each named customer who is a member now, with a reason, as a `campaign` entry in each one’s ledger; the author recorded is the API key’s name. The grant id makes it count once: the same grant again answers 200 `duplicate` and changes nothing; the same id with other points or reason is refused (409 `grant_exists`).',
      body: z.object({
        grantId: storeId.describe('Your id for this grant'),
        customerIds: z
          .array(z.string().max(MAX_STORE_ID_LENGTH))
          .min(1)
          .max(MAX_GRANT_CUSTOMERS)
          .describe('The customers (the store’s ids); repeats count once'),
        points: z.int().min(1).max(MAX_ADJUSTMENT_POINTS).describe('Points each member gets'),
        reason: z.string().max(MAX_REASON_LENGTH).describe('Why; shown in the members’ ledgers'),
      }),
      responses: createdOrFoundSchema(grantSchema),
      errors: { 409: ['grant_exists'] },
      example: {
        body: {
          grantId: 'thanks-2026-12',
          customerIds: ['c-1', 'c-2'],
          points: 100,
          reason: 'Thank you for 2026',
        },
      },
    }),
    async (request, reply) => {
      const result = await grantBonusPoints(ctx, {
        shopId: shopOf(request),
        ...request.body,
        author: request.apiKey!.name,
      });
      return reply.code(appliedStatus(result)).send({ object: 'bonus_grant' as const, ...result });
    },
  );

  api.get(
    '/bonus-grants',
    routeSpec('GET', {
      operationId: 'listBonusGrants',
      tag: 'Campaigns',
      summary: 'List the bonus grants',
      description: 'The shop’s latest 100 bonus grants, newest first.',
      responses: { 200: listSchema(grantListItem, MAX_GRANTS_LISTED) },
      example: {},
    }),
    async (request) =>
      listJson(await listBonusGrants(ctx, shopOf(request)), (g) => ({
        object: 'bonus_grant' as const,
        ...g,
        author: g.author.slice(0, MAX_AUTHOR_LENGTH),
        createdAt: iso(g.createdAt),
      })),
  );
}
