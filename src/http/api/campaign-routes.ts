import { z } from 'zod';
import {
  type CampaignView,
  createCampaign,
  deleteCampaign,
  endCampaign,
  getCampaign,
  listCampaigns,
  MAX_CAMPAIGNS_LISTED,
  updateCampaign,
} from '../../app/campaigns/campaigns.ts';
import type { AppContext } from '../../app/context.ts';
import {
  MAX_CAMPAIGN_TARGETS,
  MAX_MULTIPLIER_PCT,
  MIN_MULTIPLIER_PCT,
} from '../../domain/campaigns/campaign.ts';
import { MAX_LABEL_LENGTH, MAX_NAME_LENGTH, MAX_STORE_ID_LENGTH } from '../../domain/limits.ts';
import { listJson, listSchema } from './answers.ts';
import { deleteRoute } from './delete-route.ts';
import { type PathResource, routeSpec } from './route-spec.ts';
import { iso, isoOrNull, isoTime, storeId, storeIdOut, text } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

const LOCAL_TIME =
  'ISO 8601; without an offset it is the shop’s local time (its program’s time zone, default Europe/Helsinki)';
const time = z.string().trim().min(1, 'Required').max(40, 'At most 40 characters');
const list = (max: number, what: string) =>
  z
    .array(z.string().max(max, `At most ${max} characters`))
    .max(MAX_CAMPAIGN_TARGETS, `At most ${MAX_CAMPAIGN_TARGETS} entries`)
    .optional()
    .describe(`${what}; empty or left out: every one`);

const campaignBody = z.object({
  name: z.string().max(MAX_LABEL_LENGTH).describe('A name for people, e.g. "Black Friday"'),
  multiplierPct: z
    .int()
    .min(MIN_MULTIPLIER_PCT)
    .max(MAX_MULTIPLIER_PCT)
    .describe(
      'The points multiplier in percent: 200 is double points, 150 is ×1.5, 100 only opens early access',
    ),
  startsAt: time.describe(`When it opens for everyone. ${LOCAL_TIME}`),
  endsAt: time.describe(`When it ends (exclusive: "until Monday 23:59" is Tuesday 00:00). ${LOCAL_TIME}`),
  membersFrom: time
    .nullable()
    .optional()
    .describe(
      `Members-only early access from this moment, before startsAt; members earn under it from then. ${LOCAL_TIME}`,
    ),
  productIds: list(MAX_STORE_ID_LENGTH, 'Products it applies to'),
  categories: list(MAX_NAME_LENGTH, 'Product categories (an order line’s `category`) it applies to'),
  storeVersionIds: list(MAX_STORE_ID_LENGTH, 'Store versions whose orders it applies to'),
});

export const campaignSchema = z
  .object({
    object: z.literal('campaign'),
    id: storeIdOut,
    name: text(MAX_LABEL_LENGTH),
    multiplierPct: z.int(),
    startsAt: isoTime,
    endsAt: isoTime.describe('Exclusive'),
    membersFrom: isoTime.nullable(),
    productIds: z.array(text(MAX_STORE_ID_LENGTH)).max(MAX_CAMPAIGN_TARGETS),
    categories: z.array(text(MAX_NAME_LENGTH)).max(MAX_CAMPAIGN_TARGETS),
    storeVersionIds: z.array(text(MAX_STORE_ID_LENGTH)).max(MAX_CAMPAIGN_TARGETS),
    state: z
      .enum(['planned', 'members_only', 'running', 'ended'])
      .describe('Now: not open yet, open for members only (early access), open for everyone, over'),
    endedEarly: z.boolean(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'Campaign' });

export function campaignJson(c: CampaignView) {
  return {
    object: 'campaign' as const,
    id: c.id,
    name: c.name,
    multiplierPct: c.multiplierPct,
    startsAt: iso(c.startsAt),
    endsAt: iso(c.endsAt),
    membersFrom: isoOrNull(c.membersFrom),
    productIds: [...c.productIds],
    categories: [...c.categories],
    storeVersionIds: [...c.storeVersionIds],
    state: c.state,
    endedEarly: c.endedEarly,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  };
}

const oneCampaign = {
  params: z.object({ campaignId: storeId.describe('The campaign’s id') }),
  notFound: 'campaign_not_found',
  example: { campaignId: 'black-friday-2026' },
} satisfies PathResource<unknown>;
const exampleBody = {
  name: 'Black Friday',
  multiplierPct: 200,
  startsAt: '2026-11-27T00:00',
  endsAt: '2026-12-01T00:00',
  membersFrom: '2026-11-26T18:00',
  categories: ['shoes'],
  productIds: ['boots-42'],
  storeVersionIds: ['fi'],
};

/** Points campaigns (docs/campaigns.md): create, edit before they open, end early, list, read. */
export function campaignRoutes(api: Api, ctx: AppContext) {
  campaignWriteRoutes(api, ctx);
  campaignReadRoutes(api, ctx);
}

function campaignWriteRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/campaigns',
    routeSpec('POST', {
      operationId: 'createCampaign',
      tag: 'Campaigns',
      summary: 'Create a campaign',
      description:
        'A points multiplier for a period, optionally only for some products, categories or store versions, optionally opening earlier for members. Each order line earns at the highest multiplier of the campaigns in force when the order was placed that cover it; campaigns never multiply each other.',
      body: campaignBody.extend({
        id: storeId.optional().describe('Your id for it; a new one (`cmp_…`) when left out'),
      }),
      responses: { 201: campaignSchema },
      example: { body: { id: 'black-friday-2026', ...exampleBody } },
    }),
    async (request, reply) =>
      reply.code(201).send(campaignJson(await createCampaign(ctx, shopOf(request), request.body))),
  );

  api.put(
    '/campaigns/:campaignId',
    routeSpec('PUT', {
      operationId: 'updateCampaign',
      tag: 'Campaigns',
      summary: 'Change a campaign before it opens',
      description:
        'Replaces a campaign that has not opened yet (for members or anyone); after that it can only be ended.',
      on: oneCampaign,
      body: campaignBody,
      responses: { 200: campaignSchema },
      errors: { 409: ['campaign_started'] },
      example: { body: exampleBody },
    }),
    async (request) =>
      campaignJson(await updateCampaign(ctx, shopOf(request), request.params.campaignId, request.body)),
  );

  deleteRoute(api, {
    path: '/campaigns/:campaignId',
    operationId: 'deleteCampaign',
    tag: 'Campaigns',
    summary: 'Delete a campaign before it opens',
    description: 'Removes a campaign that has not opened yet; after that, end it instead.',
    on: oneCampaign,
    idParam: 'campaignId',
    gone: { object: 'campaign', id: storeIdOut },
    errors: { 409: ['campaign_started'] },
    remove: (shopId, campaignId) => deleteCampaign(ctx, shopId, campaignId),
  });

  api.post(
    '/campaigns/:campaignId/end',
    routeSpec('POST', {
      operationId: 'endCampaign',
      tag: 'Campaigns',
      summary: 'End a campaign now',
      description:
        'Orders placed from now on earn without it; orders placed while it was in force keep its multiplier. A campaign that has ended stays as it was.',
      on: oneCampaign,
      responses: { 200: campaignSchema },
    }),
    async (request) => campaignJson(await endCampaign(ctx, shopOf(request), request.params.campaignId)),
  );
}

function campaignReadRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/campaigns',
    routeSpec('GET', {
      operationId: 'listCampaigns',
      tag: 'Campaigns',
      summary: 'List the campaigns',
      description:
        'The shop’s latest 1000 campaigns, latest start first. `active=now`: only those in force now, members-only early access included (`state` `members_only`), so a store can open a sale early for members.',
      querystring: z.object({
        active: z.enum(['now']).optional().describe('`now`: only the campaigns in force now'),
      }),
      responses: { 200: listSchema(campaignSchema, MAX_CAMPAIGNS_LISTED) },
      example: { query: { active: 'now' } },
    }),
    async (request) => {
      const { active } = request.query;
      return listJson(await listCampaigns(ctx, shopOf(request), active ? { active } : {}), campaignJson);
    },
  );

  api.get(
    '/campaigns/:campaignId',
    routeSpec('GET', {
      operationId: 'getCampaign',
      tag: 'Campaigns',
      summary: 'Read a campaign',
      description: 'The campaign with its state now.',
      on: oneCampaign,
      responses: { 200: campaignSchema },
    }),
    async (request) => campaignJson(await getCampaign(ctx, shopOf(request), request.params.campaignId)),
  );
}
