import { z } from 'zod';
import type { PreviewCampaign } from '../../domain/earning/points-preview.ts';
import { MAX_LABEL_LENGTH } from '../../domain/limits.ts';
import { isoTime, storeIdOut, text } from './schemas.ts';

/** The campaign a points preview includes, for "double points until Sunday" (docs/campaigns.md). */
export const campaignBadgeSchema = z
  .object({
    id: storeIdOut,
    name: text(MAX_LABEL_LENGTH),
    multiplierPct: z.int().min(101).max(1000).describe('200: double points'),
    endsAt: isoTime.describe('Exclusive: the last moment it applies is just before'),
  })
  .nullable()
  .describe(
    'The campaign whose multiplier the points include (the highest, ending first); null when none applies',
  )
  .meta({ id: 'CampaignBadge' });

export function campaignBadgeJson(c: PreviewCampaign | null) {
  return c && { id: c.id, name: c.name, multiplierPct: c.multiplierPct, endsAt: c.endsAt.toISOString() };
}
