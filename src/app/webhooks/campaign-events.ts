import type { Executor } from '../../db/connect.ts';
import { queueEvent } from './event-outbox.ts';

/**
 * For the campaigns: queue `campaign.started` or `campaign.ended` inside the transaction that
 * starts or ends the campaign (or that records its start or end when the clock passes it), so the
 * event exists exactly when that change commits. `data` is the campaign as the API shows it; its
 * `id` is required. docs/webhooks.md lists the body.
 */
export function queueCampaignEvent(
  db: Executor,
  input: {
    shopId: string;
    type: 'campaign.started' | 'campaign.ended';
    campaign: { id: string } & Record<string, unknown>;
    at: Date;
  },
): Promise<void> {
  return queueEvent(db, {
    shopId: input.shopId,
    type: input.type,
    customerId: null,
    data: { campaignId: input.campaign.id, ...input.campaign },
    at: input.at,
  });
}
