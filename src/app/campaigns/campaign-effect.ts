import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { Campaign } from '../../domain/campaigns/campaign.ts';
import {
  campaignEffectPeriods,
  campaignExtraPoints,
  changeShare,
  type EffectLine,
  type EffectOrder,
  type EffectOrderTotals,
  orderPointsAlone,
  orderPointsWithout,
  type Period,
} from '../../domain/campaigns/campaign-effect.ts';
import type { AppContext } from '../context.ts';
import { reportSum } from '../reports/report-sum.ts';
import { campaignFromTable } from './campaign-rows.ts';

/** What a campaign did, so far while it runs (docs/campaigns.md, "Its effect"). */
export interface CampaignEffect {
  /** The time it has been in force and the same length of time just before it; null before it opens. */
  periods: { during: Period; before: Period } | null;
  /** Orders placed while it was in force (cancelled ones left out), and those placed by members. */
  orders: number;
  memberOrders: number;
  /** Delivered orders it gave points to, and the points it added (with it minus without it). */
  ordersWithExtra: number;
  extraPoints: number;
  /** Members' sales (products after discounts, as on the dashboard) during it and in the period before. */
  memberSalesCents: number;
  memberSalesBeforeCents: number;
  memberOrdersBefore: number;
  /** Members' sales during it against before, as a share (0.25: a quarter more); null without sales before. */
  salesChange: number | null;
}

/** Delivered orders read at a time for the extra points (each with its lines). */
const BATCH = 2000;

const NO_EFFECT: Omit<CampaignEffect, 'periods'> = {
  orders: 0,
  memberOrders: 0,
  ordersWithExtra: 0,
  extraPoints: 0,
  memberSalesCents: 0,
  memberSalesBeforeCents: 0,
  memberOrdersBefore: 0,
  salesChange: null,
};

/**
 * The effect of a shop's campaign as of the clock's now: the orders placed while it was in force,
 * the extra points it gave (from the multipliers each order line kept, `orderPointsWithout`) and
 * members' sales during it against the same length of time before it opened.
 */
export async function campaignEffect(
  ctx: AppContext,
  shopId: string,
  campaign: Campaign,
  options: { batchSize?: number } = {},
): Promise<CampaignEffect> {
  const periods = campaignEffectPeriods(campaign, ctx.clock.now());
  if (!periods) return { periods, ...NO_EFFECT };
  const [sales, others] = await Promise.all([
    salesFigures(ctx.db, shopId, periods),
    overlapping(ctx.db, shopId, campaign.id, periods.during),
  ]);
  let extraPoints = 0;
  let ordersWithExtra = 0;
  // Alone in its period, a campaign's part is each order's whole campaign weight: no lines to read.
  const alone = others.length === 0;
  const batches = creditedOrders(ctx.db, shopId, periods.during, options.batchSize ?? BATCH, !alone);
  for await (const orders of batches) {
    const extra = campaignExtraPoints(
      orders.map((o) => (alone ? orderPointsAlone(o) : orderPointsWithout(o, campaign, others))),
    );
    extraPoints += extra.extraPoints;
    ordersWithExtra += extra.ordersWithExtra;
  }
  return {
    periods,
    ...sales,
    extraPoints,
    ordersWithExtra,
    salesChange: changeShare(sales.memberSalesCents, sales.memberSalesBeforeCents),
  };
}

/** The orders and members' sales of both periods in one pass over the orders placed in them. */
async function salesFigures(
  db: Executor,
  shopId: string,
  { during, before }: { during: Period; before: Period },
) {
  const inDuring = sql`o.placed_at >= ${during.from}::timestamptz`;
  const member = (period: RawBuilder<unknown>) => sql`${period} and o.placed_by_member`;
  const { rows } = await sql<{
    orders: number;
    memberOrders: number;
    memberSalesCents: number;
    memberOrdersBefore: number;
    memberSalesBeforeCents: number;
  }>`
    select count(*) filter (where ${inDuring})::int as "orders",
      count(*) filter (where ${member(inDuring)})::int as "memberOrders",
      ${reportSum(sql`case when ${member(inDuring)} then o.eligible_cents end`)} as "memberSalesCents",
      count(*) filter (where ${member(sql`not (${inDuring})`)})::int as "memberOrdersBefore",
      ${reportSum(sql`case when ${member(sql`not (${inDuring})`)} then o.eligible_cents end`)} as "memberSalesBeforeCents"
    from orders o
    where o.shop_id = ${shopId} and o.placed_at >= ${before.from}::timestamptz
      and o.placed_at < ${during.to}::timestamptz and o.status <> 'cancelled'`.execute(db);
  return rows[0]!;
}

/** The shop's other campaigns in force at some time of `period`: a line they covered keeps their multiplier. */
async function overlapping(db: Executor, shopId: string, id: string, period: Period): Promise<Campaign[]> {
  const rows = await db
    .selectFrom('campaigns')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('id', '<>', id)
    .where('ends_at', '>', period.from)
    .where(sql<boolean>`coalesce(members_from, starts_at) < ${period.to}::timestamptz`)
    .execute();
  return rows.map(campaignFromTable);
}

interface CreditedOrderRow {
  id: string;
  /** The placement time as the database writes it (to the microsecond), for the next batch's start. */
  placed_key: string;
  placed_at: Date;
  store_version_id: string;
  ratio_cents: number;
  kept_eligible_cents: number;
  kept_campaign_weight: number;
  lines: EffectLine[] | string | null;
}

/**
 * The delivered orders of `period` that earned points and that some campaign added to (a kept
 * campaign weight above 0: the others cannot have extra points), in batches; with their lines
 * when `withLines`.
 */
async function* creditedOrders(
  db: Executor,
  shopId: string,
  period: Period,
  batchSize: number,
  withLines: boolean,
): AsyncGenerator<(EffectOrder & EffectOrderTotals)[]> {
  let after: CreditedOrderRow | undefined;
  for (;;) {
    const rows = await creditedBatch(db, { shopId, period, batchSize, withLines }, after);
    yield rows.map((r) => ({
      storeVersionId: r.store_version_id,
      placedAt: r.placed_at,
      ratioCents: r.ratio_cents,
      keptEligibleCents: r.kept_eligible_cents,
      keptCampaignWeight: r.kept_campaign_weight,
      lines: typeof r.lines === 'string' ? (JSON.parse(r.lines) as EffectLine[]) : (r.lines ?? []),
    }));
    after = rows[rows.length - 1];
    if (!after || rows.length < batchSize) return;
  }
}

/** One batch of `creditedOrders`: the next `batchSize` orders after `after`, by placement time and id. */
async function creditedBatch(
  db: Executor,
  q: { shopId: string; period: Period; batchSize: number; withLines: boolean },
  after: CreditedOrderRow | undefined,
): Promise<CreditedOrderRow[]> {
  const next = after ? sql`and (o.placed_at, o.id) > (${after.placed_key}::timestamptz, ${after.id})` : sql``;
  const lines = q.withLines
    ? sql`(select jsonb_agg(jsonb_build_object('productId', l.product_id, 'category', l.category,
        'giftCard', l.gift_card, 'eligibleCents', l.eligible_cents, 'quantity', l.quantity,
        'returnedQuantity', l.returned_quantity, 'multiplierPct', l.multiplier_pct) order by l.line_no)
        from order_lines l where l.shop_id = o.shop_id and l.order_id = o.id)`
    : sql`null::jsonb`;
  const { rows } = await sql<CreditedOrderRow>`
    select o.id, o.placed_at::text as placed_key, o.placed_at, o.store_version_id, o.ratio_cents,
      o.kept_eligible_cents, o.kept_campaign_weight, ${lines} as lines
    from orders o
    where o.shop_id = ${q.shopId} and o.placed_at >= ${q.period.from}::timestamptz
      and o.placed_at < ${q.period.to}::timestamptz
      and o.status = 'delivered' and o.ratio_cents is not null and o.customer_id is not null
      and o.kept_campaign_weight > 0 ${next}
    order by o.placed_at, o.id
    limit ${q.batchSize}`.execute(db);
  return rows;
}
