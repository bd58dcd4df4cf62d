import { type Campaign, campaignOpensAt } from './campaign.ts';

/**
 * The moment `campaign.started` tells of: when the campaign opened (its members-only start, else
 * its start), or when it was created if it was created open already (a start in the past).
 */
export function campaignStartedAt(c: Pick<Campaign, 'startsAt' | 'membersFrom'>, createdAt: Date): Date {
  const opens = campaignOpensAt(c);
  return opens < createdAt ? createdAt : opens;
}

/** The moment `campaign.ended` tells of: its end (an early end moved it to that moment). */
export const campaignEndedAt = (c: Pick<Campaign, 'endsAt'>): Date => c.endsAt;
