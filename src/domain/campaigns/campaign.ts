import { DateTime, IANAZone } from 'luxon';
import type { FieldError } from '../errors.ts';
import { MAX_LABEL_LENGTH, MAX_NAME_LENGTH, MAX_ORDER_LINES, MAX_STORE_ID_LENGTH } from '../limits.ts';

/** ×1: no extra points (a campaign only for its members-only early access). */
export const MIN_MULTIPLIER_PCT = 100;
/** ×10: far beyond any real campaign, and it keeps every weighted amount a safe integer. */
export const MAX_MULTIPLIER_PCT = 1000;
/** Products, categories or store versions a campaign may be limited to, each. */
export const MAX_CAMPAIGN_TARGETS = MAX_ORDER_LINES;

/**
 * A points campaign: order lines it covers earn `multiplierPct` percent of their points while it
 * is in force. Its period is half-open, in UTC; `membersFrom` (before `startsAt`) opens it earlier
 * for members (early access). Empty lists mean every product, category or store version.
 */
export interface Campaign {
  id: string;
  name: string;
  multiplierPct: number;
  startsAt: Date;
  endsAt: Date;
  membersFrom: Date | null;
  productIds: readonly string[];
  categories: readonly string[];
  storeVersionIds: readonly string[];
}

/** When the campaign first applies: its members-only start, else its start. */
export const campaignOpensAt = (c: Pick<Campaign, 'startsAt' | 'membersFrom'>): Date =>
  c.membersFrom ?? c.startsAt;

/**
 * In force at `at`: from its opening (members-only or public) up to, not including, its end. Only
 * members earn points, so the members-only period already counts for points.
 */
export function campaignInForce(c: Pick<Campaign, 'startsAt' | 'endsAt' | 'membersFrom'>, at: Date): boolean {
  const t = at.getTime();
  return campaignOpensAt(c).getTime() <= t && t < c.endsAt.getTime();
}

export type CampaignState = 'planned' | 'members_only' | 'running' | 'ended';

export function campaignState(
  c: Pick<Campaign, 'startsAt' | 'endsAt' | 'membersFrom'>,
  now: Date,
): CampaignState {
  const t = now.getTime();
  if (t >= c.endsAt.getTime()) return 'ended';
  if (t >= c.startsAt.getTime()) return 'running';
  if (t >= campaignOpensAt(c).getTime()) return 'members_only';
  return 'planned';
}

/** A campaign may still be edited or deleted while nobody has earned under it: before it opens. */
export const campaignEditable = (c: Pick<Campaign, 'startsAt' | 'endsAt' | 'membersFrom'>, now: Date) =>
  campaignState(c, now) === 'planned';

/**
 * A campaign as a merchant or a store writes it: times as ISO 8601; a time without an offset is
 * the shop's local time (`2026-11-27T00:00` in Europe/Helsinki). `endsAt` is exclusive.
 */
export interface CampaignDraft {
  name: string;
  multiplierPct: number;
  startsAt: string;
  endsAt: string;
  membersFrom?: string | null;
  productIds?: readonly string[];
  categories?: readonly string[];
  storeVersionIds?: readonly string[];
}

/** The instant a written time names: its own offset if it has one, else the shop's time zone. */
export function instantIn(text: string, timeZone: string): Date | null {
  if (!IANAZone.isValidZone(timeZone)) return null;
  const parsed = DateTime.fromISO(text.trim(), { zone: timeZone });
  return parsed.isValid ? parsed.toJSDate() : null;
}

/** The local time (to the minute) an instant shows in the shop's zone, as a `datetime-local` input takes it. */
export function localMinute(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/**
 * The campaign a draft describes, or every field that is wrong. The period must not end before
 * `now` (a campaign for the past would change nothing) and a members-only start comes before the
 * public one.
 */
export function campaignFromDraft(
  id: string,
  draft: CampaignDraft,
  timeZone: string,
  now: Date,
): { campaign: Campaign } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const name = draft.name.trim();
  if (!name) errors.push({ field: 'name', message: 'A campaign needs a name' });
  else if (name.length > MAX_LABEL_LENGTH) {
    errors.push({ field: 'name', message: `At most ${MAX_LABEL_LENGTH} characters` });
  }
  const m = draft.multiplierPct;
  if (!Number.isSafeInteger(m) || m < MIN_MULTIPLIER_PCT || m > MAX_MULTIPLIER_PCT) {
    errors.push({
      field: 'multiplierPct',
      message: `A whole percent from ${MIN_MULTIPLIER_PCT} (×1) to ${MAX_MULTIPLIER_PCT} (×10); 200 is double points`,
    });
  }
  const time = (field: 'startsAt' | 'endsAt' | 'membersFrom', text: string) => {
    const at = instantIn(text, timeZone);
    if (!at)
      errors.push({ field, message: 'A date and time such as 2026-11-27T00:00 (the shop’s time zone)' });
    return at;
  };
  const startsAt = time('startsAt', draft.startsAt);
  const endsAt = time('endsAt', draft.endsAt);
  const membersFrom = draft.membersFrom ? time('membersFrom', draft.membersFrom) : null;
  if (startsAt && endsAt && endsAt <= startsAt) {
    errors.push({ field: 'endsAt', message: 'The end must come after the start' });
  } else if (endsAt && endsAt <= now) {
    errors.push({ field: 'endsAt', message: 'The end has passed already' });
  }
  if (startsAt && membersFrom && membersFrom >= startsAt) {
    errors.push({ field: 'membersFrom', message: 'Members’ early access starts before the campaign does' });
  }
  const productIds = targets('productIds', draft.productIds, MAX_STORE_ID_LENGTH, errors);
  const categories = targets('categories', draft.categories, MAX_NAME_LENGTH, errors);
  const storeVersionIds = targets('storeVersionIds', draft.storeVersionIds, MAX_STORE_ID_LENGTH, errors);
  if (errors.length || !startsAt || !endsAt) return { errors };
  return {
    campaign: {
      id,
      name,
      multiplierPct: m,
      startsAt,
      endsAt,
      membersFrom,
      productIds,
      categories,
      storeVersionIds,
    },
  };
}

/** A list of ids or names, trimmed, without blanks or repeats. */
function targets(
  field: string,
  list: readonly string[] | undefined,
  maxLength: number,
  errors: FieldError[],
): string[] {
  const values = [...new Set((list ?? []).map((v) => v.trim()).filter((v) => v !== ''))];
  if (values.length > MAX_CAMPAIGN_TARGETS) {
    errors.push({ field, message: `At most ${MAX_CAMPAIGN_TARGETS} entries` });
  }
  const long = values.findIndex((v) => v.length > maxLength);
  if (long >= 0) errors.push({ field: `${field}.${long}`, message: `At most ${maxLength} characters` });
  return values;
}
