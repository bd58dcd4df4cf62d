import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import { type Campaign, campaignOpensAt } from '../../domain/campaigns/campaign.ts';
import type { RangeCalendar } from '../../domain/simulation/calendar.ts';
import {
  activityRow,
  type CampaignExtras,
  campaignInHistory,
  type HistoryLine,
  historyOrderWeight,
} from '../../domain/simulation/campaign-estimate.ts';
import { dayStarts } from '../../domain/simulation/date-range.ts';
import type { ShopHistory } from '../../domain/simulation/history.ts';
import { type CampaignView, listCampaigns } from '../campaigns/campaigns.ts';
import type { AppContext } from '../context.ts';

/** What the estimate panel offers: every planned campaign at once, or one of them by id. */
export const ALL_PLANNED = 'planned';

/** The shop's campaigns that have not ended: those an estimate can include, soonest first. */
export async function plannedCampaigns(ctx: AppContext, shopId: string): Promise<CampaignView[]> {
  const views = await listCampaigns(ctx, shopId);
  return views.filter((v) => v.state !== 'ended').reverse();
}

/** The campaigns a choice names: all planned ones, or the one with that id while it has not ended. */
export function chosenCampaigns(planned: readonly CampaignView[], choice: string): CampaignView[] {
  return choice === ALL_PLANNED ? [...planned] : planned.filter((c) => c.id === choice);
}

interface CoveredOrderRow {
  customer_id: string;
  store_version_id: string;
  placed_at: Date;
  delivered_at: Date;
  kept_eligible_cents: number;
  lines: HistoryLine[] | string | null;
}

/**
 * The history's orders the campaigns (laid onto the history) would add to: the orders it counts
 * (delivered in the range, logged in, with a customer) placed while one of them was in force,
 * read with their lines, each placed where the estimate counts it (customer, month and version
 * of delivery). Reads only the campaigns' days, so a campaign of a few days reads a few days.
 */
export async function loadCampaignExtras(
  db: Executor,
  q: {
    shopId: string;
    timeZone: string;
    calendar: RangeCalendar;
    start: Date;
    end: Date;
    history: ShopHistory;
    customers: ReadonlyMap<string, number>;
    campaigns: readonly Campaign[];
  },
): Promise<CampaignExtras> {
  const shifted = q.campaigns
    .map((c) => campaignInHistory(c, q, q.timeZone))
    .filter((c): c is Campaign => c !== null);
  const out = {
    customer: [] as number[],
    row: [] as number[],
    cell: [] as number[],
    keptCents: [] as number[],
    weight: [] as number[],
  };
  const dayOf = localDays(q);
  for (const c of shifted) {
    const orders = await coveredOrders(db, q, campaignOpensAt(c), c.endsAt);
    for (const o of orders) {
      const lines = typeof o.lines === 'string' ? (JSON.parse(o.lines) as HistoryLine[]) : (o.lines ?? []);
      // Every shifted campaign is weighed at once, so an order two of them cover is counted once, at the highest.
      const earlier = shifted.slice(0, shifted.indexOf(c));
      if (earlier.some((e) => campaignOpensAt(e) <= o.placed_at && o.placed_at < e.endsAt)) continue;
      const weight = historyOrderWeight(shifted, {
        storeVersionId: o.store_version_id,
        placedAt: o.placed_at,
        lines,
      });
      const at = weight > 0 ? placeOf(q, dayOf, o) : null;
      if (!at) continue;
      out.customer.push(at.customer);
      out.row.push(at.row);
      out.cell.push(at.cell);
      out.keptCents.push(o.kept_eligible_cents);
      out.weight.push(weight);
    }
  }
  return {
    customer: Int32Array.from(out.customer),
    row: Int32Array.from(out.row),
    cell: Int32Array.from(out.cell),
    keptCents: Float64Array.from(out.keptCents),
    weight: Float64Array.from(out.weight),
  };
}

/** The order's activity row and chart cell in the history; null for one the history does not count. */
function placeOf(
  q: {
    timeZone: string;
    calendar: RangeCalendar;
    history: ShopHistory;
    customers: ReadonlyMap<string, number>;
  },
  dayOf: (at: Date) => number,
  o: CoveredOrderRow,
): { customer: number; row: number; cell: number } | null {
  const c = q.customers.get(o.customer_id);
  const v = q.history.versions.indexOf(o.store_version_id);
  const day = dayOf(o.delivered_at);
  if (c === undefined || v < 0 || day < 0 || day >= q.calendar.days) return null;
  const row = activityRow(q.history.activity, c, q.calendar.monthOfDay[day]!, v);
  if (row < 0) return null;
  return { customer: c, row, cell: v * q.calendar.buckets.length + q.calendar.bucketOfDay[day]! };
}

/** The range's local day of an instant (-1 before it), by the day starts worked out once. */
function localDays(q: { start: Date; timeZone: string; calendar: RangeCalendar }): (at: Date) => number {
  const starts = dayStarts({ start: q.start, days: q.calendar.days }, q.timeZone).map((d) => d.getTime());
  return (at) => {
    const t = at.getTime();
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  };
}

async function coveredOrders(
  db: Executor,
  q: { shopId: string; start: Date; end: Date },
  from: Date,
  to: Date,
): Promise<CoveredOrderRow[]> {
  const { rows } = await sql<CoveredOrderRow>`
    select o.customer_id, o.store_version_id, o.placed_at, o.delivered_at, o.kept_eligible_cents,
      (select jsonb_agg(jsonb_build_object('productId', l.product_id, 'category', l.category,
        'giftCard', l.gift_card, 'eligibleCents', l.eligible_cents, 'quantity', l.quantity,
        'returnedQuantity', l.returned_quantity) order by l.line_no)
        from order_lines l where l.shop_id = o.shop_id and l.order_id = o.id) as lines
    from orders o
    where o.shop_id = ${q.shopId} and o.placed_at >= ${from} and o.placed_at < ${to}
      and o.status = 'delivered' and o.logged_in and o.customer_id is not null
      and o.delivered_at >= ${q.start} and o.delivered_at < ${q.end}`.execute(db);
  return rows;
}
