import type { Selectable, Updateable } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { CampaignsTable } from '../../db/tables-campaigns.ts';
import {
  type Campaign,
  type CampaignDraft,
  type CampaignState,
  campaignEditable,
  campaignFromDraft,
  campaignInForce,
  campaignState,
} from '../../domain/campaigns/campaign.ts';
import { DomainError } from '../../domain/errors.ts';
import { MAX_STORE_ID_LENGTH } from '../../domain/limits.ts';
import type { AppContext } from '../context.ts';
import { findProgram, requireShop } from '../program/load-program.ts';
import { randomId } from '../random-id.ts';
import { deleteShopRowById, shopRowById } from '../shop-rows.ts';
import { shopNotFound, shopTimeZone } from '../shops/shop-with-program.ts';
import { queueCampaignEventsIn } from '../webhooks/campaign-events.ts';
import { campaignFromTable } from './campaign-rows.ts';

/** A campaign as the admin, the API and the command line show it: the rule's fields, its state now. */
export interface CampaignView extends Campaign {
  state: CampaignState;
  endedEarly: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type { Campaign, CampaignDraft, CampaignState };

/** Campaigns one list gives at most (latest start first). */
export const MAX_CAMPAIGNS_LISTED = 1000;

const notFound = (id: string) => new DomainError('campaign_not_found', `No campaign "${id}" in this shop`);

function viewOf(row: Selectable<CampaignsTable>, now: Date): CampaignView {
  const campaign = campaignFromTable(row);
  return {
    ...campaign,
    state: campaignState(campaign, now),
    endedEarly: row.ended_early,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The zone a shop's campaign periods are written in: its program's, else the shop's. */
export async function campaignTimeZone(db: Executor, shopId: string): Promise<string> {
  const [program, shop] = await Promise.all([
    findProgram(db, shopId),
    db.selectFrom('shops').select('time_zone').where('id', '=', shopId).executeTakeFirst(),
  ]);
  if (!shop) throw shopNotFound(shopId);
  return shopTimeZone(program?.settings, shop.time_zone);
}

function checkedDraft(id: string, draft: CampaignDraft, timeZone: string, now: Date): Campaign {
  const made = campaignFromDraft(id, draft, timeZone, now);
  if ('errors' in made) throw new DomainError('invalid_input', 'The campaign is not valid', made.errors);
  return made.campaign;
}

function rowOf(shopId: string, c: Campaign, now: Date) {
  return {
    shop_id: shopId,
    id: c.id,
    name: c.name,
    multiplier_pct: c.multiplierPct,
    starts_at: c.startsAt,
    ends_at: c.endsAt,
    members_from: c.membersFrom,
    product_ids: JSON.stringify(c.productIds),
    categories: JSON.stringify(c.categories),
    store_version_ids: JSON.stringify(c.storeVersionIds),
    updated_at: now,
  };
}

/**
 * A new campaign, its times read in the shop's zone when they carry no offset. Its id is the
 * caller's (the same id twice is refused with `invalid_input`) or a new one.
 */
export async function createCampaign(
  ctx: AppContext,
  shopId: string,
  draft: CampaignDraft & { id?: string },
): Promise<CampaignView> {
  const now = ctx.clock.now();
  const id = draft.id?.trim() || randomId('cmp', 6);
  if (id.length > MAX_STORE_ID_LENGTH) {
    throw new DomainError('invalid_input', 'The campaign id is too long', [
      { field: 'id', message: `At most ${MAX_STORE_ID_LENGTH} characters` },
    ]);
  }
  const campaign = checkedDraft(id, draft, await campaignTimeZone(ctx.db, shopId), now);
  const row = await ctx.db
    .insertInto('campaigns')
    .values({ ...rowOf(shopId, campaign, now), created_at: now })
    .onConflict((oc) => oc.columns(['shop_id', 'id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    throw new DomainError('invalid_input', `Campaign "${id}" exists already`, [
      { field: 'id', message: 'Choose another id, or edit that campaign' },
    ]);
  }
  return viewOf(row, now);
}

/** Changes a campaign that has not opened yet (nobody can have earned under it); `campaign_started` after. */
export async function updateCampaign(
  ctx: AppContext,
  shopId: string,
  id: string,
  draft: CampaignDraft,
): Promise<CampaignView> {
  const now = ctx.clock.now();
  const timeZone = await campaignTimeZone(ctx.db, shopId);
  return ctx.db.transaction().execute(async (trx) => {
    await lockedEditable(trx, shopId, id, now);
    const campaign = checkedDraft(id, draft, timeZone, now);
    return writeCampaign(trx, shopId, id, rowOf(shopId, campaign, now), now);
  });
}

/** Sets these columns of the campaign (locked by the caller) and answers with its view as of `now`. */
async function writeCampaign(
  trx: Executor,
  shopId: string,
  id: string,
  values: Updateable<CampaignsTable>,
  now: Date,
): Promise<CampaignView> {
  const row = await trx
    .updateTable('campaigns')
    .set(values)
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return viewOf(row, now);
}

/** Deletes a campaign that has not opened yet; `campaign_started` after (end it instead). */
export async function deleteCampaign(ctx: AppContext, shopId: string, id: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await lockedEditable(trx, shopId, id, now);
    await deleteShopRowById(trx, 'campaigns', shopId, id);
  });
}

async function lockedEditable(trx: Executor, shopId: string, id: string, now: Date) {
  const row = await lockedCampaign(trx, shopId, id);
  if (!campaignEditable(campaignFromTable(row), now)) {
    throw new DomainError(
      'campaign_started',
      `Campaign "${id}" has opened; it can only be ended now, not edited or deleted`,
    );
  }
  return row;
}

async function lockedCampaign(trx: Executor, shopId: string, id: string) {
  const row = await shopRowById(trx, 'campaigns', shopId, id, 'for update');
  if (!row) throw notFound(id);
  return row;
}

/**
 * Ends a campaign now: orders placed from now on earn without it; orders placed while it was in
 * force keep its multiplier. One that has not opened is deleted instead (`invalid_input`); one that
 * has ended stays as it was.
 */
export async function endCampaign(ctx: AppContext, shopId: string, id: string): Promise<CampaignView> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockedCampaign(trx, shopId, id);
    if (row.ends_at <= now) return viewOf(row, now);
    if ((row.members_from ?? row.starts_at) > now) {
      throw new DomainError('invalid_input', `Campaign "${id}" has not started; delete it instead`);
    }
    // Ended in its members-only period, it never opens for everyone: its period is the members' one.
    const startsAt = row.starts_at > now ? (row.members_from ?? row.starts_at) : row.starts_at;
    const ended = await writeCampaign(
      trx,
      shopId,
      id,
      {
        starts_at: startsAt,
        members_from: row.starts_at > now ? null : row.members_from,
        // A period is never empty: one ended at the moment it opened lasted that moment.
        ends_at: now > startsAt ? now : new Date(startsAt.getTime() + 1),
        ended_early: true,
        updated_at: now,
      },
      now,
    );
    // Its campaign.ended webhook (and campaign.started, if the sweep had not yet) at this moment.
    await queueCampaignEventsIn(trx, ended.endsAt, { shopId, id });
    return ended;
  });
}

export async function getCampaign(ctx: AppContext, shopId: string, id: string): Promise<CampaignView> {
  const row = await shopRowById(ctx.db, 'campaigns', shopId, id);
  if (!row) {
    await requireShop(ctx.db, shopId);
    throw notFound(id);
  }
  return viewOf(row, ctx.clock.now());
}

/**
 * A shop's campaigns, latest start first; `active: 'now'` keeps those in force now (members-only
 * early access included: its `state` says which).
 */
export async function listCampaigns(
  ctx: AppContext,
  shopId: string,
  options: { active?: 'now' } = {},
): Promise<CampaignView[]> {
  await requireShop(ctx.db, shopId);
  const now = ctx.clock.now();
  let query = ctx.db.selectFrom('campaigns').selectAll().where('shop_id', '=', shopId);
  if (options.active === 'now') query = query.where('ends_at', '>', now);
  const rows = await query.orderBy('starts_at', 'desc').orderBy('id').limit(MAX_CAMPAIGNS_LISTED).execute();
  const views = rows.map((row) => viewOf(row, now));
  return options.active === 'now' ? views.filter((v) => campaignInForce(v, now)) : views;
}
