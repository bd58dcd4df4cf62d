import type { Generated } from 'kysely';
import type { Created, Json } from './column-types.ts';

/** Tables added by the campaigns migration (021_campaigns.sql); merged into `Database` in schema.ts. */
export interface CampaignTables {
  campaigns: CampaignsTable;
  bonus_grants: BonusGrantsTable;
}

export interface CampaignsTable {
  shop_id: string;
  id: string;
  name: string;
  multiplier_pct: number;
  starts_at: Date;
  ends_at: Date;
  members_from: Date | null;
  product_ids: Json<string[]>;
  categories: Json<string[]>;
  store_version_ids: Json<string[]>;
  ended_early: Generated<boolean>;
  created_at: Created;
  updated_at: Date;
  /** When its `campaign.started` / `campaign.ended` events were queued for (023_campaign_events.sql); null: not yet. */
  started_event_at: Generated<Date | null>;
  ended_event_at: Generated<Date | null>;
}

export interface BonusGrantsTable {
  shop_id: string;
  id: string;
  points: number;
  reason: string;
  author: string;
  members_granted: number;
  created_at: Created;
}
