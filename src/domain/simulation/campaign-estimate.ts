import { DateTime } from 'luxon';
import { type Campaign, campaignOpensAt } from '../campaigns/campaign.ts';
import { campaignWeightKept } from '../campaigns/campaign-weight.ts';
import { type CampaignLine, lineMultipliers } from '../campaigns/line-multiplier.ts';
import { prorate } from '../earning/prorate.ts';
import { purchasePoints } from '../earning/purchase-points.ts';

/** Whole weeks in the year a campaign is moved back by: 364 days, so its weekdays stay the same. */
const WEEKS_IN_YEAR = 52;

/**
 * A planned campaign laid onto the estimate's history `[start, end)`: its period (members-only
 * start included) moved back by whole years of 52 weeks, the fewest that make it end by the
 * history's end, so a Friday-to-Monday campaign looks at a Friday-to-Monday a year (or two) before;
 * when that leaves its opening before the history's start (a history shorter than a year), it is
 * moved back by the fewest whole weeks instead, onto the history's last matching weekdays. The
 * shift is in the shop's local time, so 00:00 stays 00:00 across daylight saving. Null when no
 * part of it falls in the history.
 */
export function campaignInHistory(
  campaign: Campaign,
  history: { start: Date; end: Date },
  timeZone: string,
): Campaign | null {
  const end = history.end.getTime();
  const shift = (weeks: number) => (at: Date) =>
    DateTime.fromJSDate(at, { zone: timeZone }).minus({ weeks }).toJSDate();
  const weeksNeeded = (step: number) => {
    let weeks = 0;
    while (shift(weeks)(campaign.endsAt).getTime() > end) weeks += step;
    return weeks;
  };
  let weeks = weeksNeeded(WEEKS_IN_YEAR);
  if (shift(weeks)(campaignOpensAt(campaign)).getTime() < history.start.getTime()) weeks = weeksNeeded(1);
  const moved = shift(weeks);
  const shifted: Campaign = {
    ...campaign,
    startsAt: moved(campaign.startsAt),
    endsAt: moved(campaign.endsAt),
    membersFrom: campaign.membersFrom ? moved(campaign.membersFrom) : null,
  };
  return shifted.endsAt.getTime() > history.start.getTime() ? shifted : null;
}

/** A line of a history's order: what it earned on, as placed, and the units later returned. */
export interface HistoryLine extends CampaignLine {
  eligibleCents: number;
  quantity: number;
  returnedQuantity: number;
}

/**
 * What the campaigns (already laid onto the history) add to an order of the history: each kept
 * line at the highest multiplier of those covering it when the order was placed (never their
 * product), as the weight `purchasePoints` takes. The order's own past campaigns are left out,
 * as the estimate counts every order at the plain rule.
 */
export function historyOrderWeight(
  campaigns: readonly Campaign[],
  order: { storeVersionId: string; placedAt: Date; lines: readonly HistoryLine[] },
): number {
  const kept = order.lines.map(
    (l) => prorate(l.eligibleCents, [l.quantity - l.returnedQuantity, l.returnedQuantity])[0]!,
  );
  return campaignWeightKept(kept, lineMultipliers(campaigns, order));
}

/**
 * The history's orders a campaign adds to, by where the estimate counts them: the customer, its
 * activity row (month and version of delivery), `cell` the version's chart bucket, with the order's
 * kept eligible cents and campaign weight.
 */
export interface CampaignExtras {
  customer: Int32Array;
  row: Int32Array;
  cell: Int32Array;
  keptCents: Float64Array;
  weight: Float64Array;
}

/** The points a weight adds to an order at a ratio: the campaign's part of `purchasePoints`. */
export function extraPoints(keptCents: number, weight: number, ratioCents: number): number {
  return purchasePoints(keptCents, ratioCents, weight) - purchasePoints(keptCents, ratioCents);
}

/** The row of customer `c` for `month` and `version` in the history's activity; -1 when none. */
export function activityRow(
  activity: { start: Uint32Array; month: Uint16Array; version: Uint8Array },
  c: number,
  month: number,
  version: number,
): number {
  for (let row = activity.start[c]!; row < activity.start[c + 1]!; row++)
    if (activity.month[row] === month && activity.version[row] === version) return row;
  return -1;
}
