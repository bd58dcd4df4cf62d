import { queueDueCampaignEvents } from '../app/webhooks/campaign-events.ts';
import type { StartHook } from '../service.ts';
import { runPeriodically } from './periodic-task.ts';

/** How often the campaigns' openings and ends are looked for: a store hears of one within this. */
export const CAMPAIGN_SWEEP_MS = 15 * 1000;

/**
 * Queues `campaign.started` and `campaign.ended` when a campaign's opening or end passes
 * (docs/webhooks.md), looking every CAMPAIGN_SWEEP_MS by the service's clock. Several service
 * processes may each run it: each event is queued once (src/app/webhooks/campaign-events.ts).
 */
export const campaignEventsHook: StartHook = ({ ctx, log }) =>
  runPeriodically('Queueing campaign events', CAMPAIGN_SWEEP_MS, () => queueDueCampaignEvents(ctx), log);
