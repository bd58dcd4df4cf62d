import type { Db } from '../../db/connect.ts';
import type { Campaign } from '../../domain/campaigns/campaign.ts';
import { type AppContext, contextPart } from '../context.ts';
import { campaignFromTable } from './campaign-rows.ts';

/** How long a shop's campaigns are kept for the points previews (a campaign's edit shows within it). */
export const CAMPAIGNS_FRESH_MS = 10_000;

/** A shop's campaigns that had not ended when read, kept per shop for CAMPAIGNS_FRESH_MS. */
export class CampaignsNow {
  private readonly kept = new Map<string, { until: number; campaigns: Promise<Campaign[]> }>();
  constructor(private readonly db: Db) {}

  /** The shop's campaigns not ended at `now` (most shops: none); the caller asks which are in force. */
  of(shopId: string, now: Date): Promise<Campaign[]> {
    const t = now.getTime();
    const hit = this.kept.get(shopId);
    if (hit && hit.until > t) return hit.campaigns;
    const campaigns = this.db
      .selectFrom('campaigns')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('ends_at', '>', now)
      .execute()
      .then((rows) => rows.map(campaignFromTable));
    if (this.kept.size >= 10_000) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(shopId, { until: t + CAMPAIGNS_FRESH_MS, campaigns });
    campaigns.catch(() => this.kept.delete(shopId));
    return campaigns;
  }
}

/** The context's one CampaignsNow (see `contextPart`). */
export function campaignsNow(ctx: AppContext & { campaignsNow?: CampaignsNow }): CampaignsNow {
  return contextPart(ctx, 'campaignsNow', (db) => new CampaignsNow(db));
}
