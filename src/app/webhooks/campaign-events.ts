import { createHash } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { CampaignsTable } from '../../db/tables-campaigns.ts';
import { campaignState } from '../../domain/campaigns/campaign.ts';
import { campaignEndedAt, campaignStartedAt } from '../../domain/campaigns/campaign-events.ts';
import type { WebhookEvent } from '../../domain/webhooks/event-types.ts';
import { campaignFromTable } from '../campaigns/campaign-rows.ts';
import type { AppContext } from '../context.ts';
import { queueEvents } from './event-outbox.ts';

type CampaignEventType = 'campaign.started' | 'campaign.ended';

/** One campaign, or every shop's campaigns. */
export type CampaignScope = { shopId: string; id: string } | 'all';

/**
 * The event's id from the campaign and the type: each campaign starts and ends once, so a repeat
 * (a sweep retried after a failure) gives the same id, which the outbox keeps once per endpoint.
 */
function campaignEventId(shopId: string, type: CampaignEventType, campaignId: string): string {
  const digest = createHash('sha256').update(`${shopId}\n${type}\n${campaignId}`).digest('base64url');
  return `evt_${digest.slice(0, 26)}`;
}

/** The body's `data`: `campaignId` and the campaign as the store API shows it, its state at the event's moment. */
function campaignEventData(row: Selectable<CampaignsTable>, at: Date): Record<string, unknown> {
  const campaign = campaignFromTable(row);
  return {
    campaignId: row.id,
    object: 'campaign',
    ...campaign,
    state: campaignState(campaign, at),
    endedEarly: row.ended_early,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function eventOf(
  row: Selectable<CampaignsTable>,
  type: CampaignEventType,
): WebhookEvent & { eventId: string } {
  const campaign = campaignFromTable(row);
  const at =
    type === 'campaign.started' ? campaignStartedAt(campaign, row.created_at) : campaignEndedAt(campaign);
  return {
    eventId: campaignEventId(row.shop_id, type, row.id),
    shopId: row.shop_id,
    type,
    customerId: null,
    data: campaignEventData(row, at),
    at,
  };
}

/**
 * Queues `campaign.started` for the campaigns of `scope` that have opened and `campaign.ended` for
 * those that have ended by `now`, each once, inside the caller's transaction (`trx`). Campaigns
 * start and end by the clock, so nothing writes when they do: this records it. Each event's
 * column is set by a conditional update (`… is null`) whose returned rows are exactly the events
 * to queue, so a second sweep at the same time (another server) waits for the first's commit and
 * then finds nothing left; the due rows are locked first in one order so that two sweeps wait for
 * each other instead of locking each other's rows between the two updates. Returns the events
 * queued (whether or not an endpoint wanted them).
 */
export async function queueCampaignEventsIn(trx: Executor, now: Date, scope: CampaignScope): Promise<number> {
  const scoped = scope === 'all' ? sql`true` : sql`shop_id = ${scope.shopId} and id = ${scope.id}`;
  const startDue = sql`started_event_at is null and coalesce(members_from, starts_at) <= ${now}::timestamptz`;
  const endDue = sql`ended_event_at is null and ends_at <= ${now}::timestamptz`;
  await sql`select 1 from campaigns where ${scoped} and ((${startDue}) or (${endDue}))
    order by shop_id, id for update`.execute(trx);
  const { rows: started } = await sql<Selectable<CampaignsTable>>`
    update campaigns set started_event_at = ${now}::timestamptz where ${scoped} and ${startDue} returning *`.execute(
    trx,
  );
  const { rows: ended } = await sql<Selectable<CampaignsTable>>`
    update campaigns set ended_event_at = ${now}::timestamptz where ${scoped} and ${endDue} returning *`.execute(
    trx,
  );
  const events = [
    ...started.map((row) => eventOf(row, 'campaign.started')),
    ...ended.map((row) => eventOf(row, 'campaign.ended')),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  await queueEvents(trx, events);
  return events.length;
}

/**
 * The sweep the service runs every few seconds (src/jobs/campaign-events-job.ts): every shop's
 * campaigns that opened or ended by the application clock's `now`, in one transaction.
 */
export function queueDueCampaignEvents(ctx: AppContext, now: Date = ctx.clock.now()): Promise<number> {
  return ctx.db.transaction().execute((trx) => queueCampaignEventsIn(trx, now, 'all'));
}
