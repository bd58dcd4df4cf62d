import type { Selectable } from 'kysely';
import type { CampaignsTable } from '../../db/tables-campaigns.ts';
import type { Campaign } from '../../domain/campaigns/campaign.ts';

/** A campaign as a statement's JSON gives it (times as text). */
export interface CampaignRow {
  id: string;
  name: string;
  multiplierPct: number;
  startsAt: string | Date;
  endsAt: string | Date;
  membersFrom: string | Date | null;
  productIds: string[];
  categories: string[];
  storeVersionIds: string[];
}

/** The rule's campaign from a JSON row of `campaignsOfShops` or `campaignFromTable`. */
export function campaignOfRow(row: CampaignRow): Campaign {
  return {
    id: row.id,
    name: row.name,
    multiplierPct: row.multiplierPct,
    startsAt: new Date(row.startsAt),
    endsAt: new Date(row.endsAt),
    membersFrom: row.membersFrom === null ? null : new Date(row.membersFrom),
    productIds: row.productIds,
    categories: row.categories,
    storeVersionIds: row.storeVersionIds,
  };
}

/** The rule's campaign from its table row. */
export function campaignFromTable(row: Selectable<CampaignsTable>): Campaign {
  return campaignOfRow({
    id: row.id,
    name: row.name,
    multiplierPct: row.multiplier_pct,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    membersFrom: row.members_from,
    productIds: row.product_ids,
    categories: row.categories,
    storeVersionIds: row.store_version_ids,
  });
}
