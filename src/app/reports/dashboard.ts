import { type RawBuilder, sql } from 'kysely';
import { type Bucket, type Granularity, rangeCalendar } from '../../domain/simulation/calendar.ts';
import { type DateRange, dayStarts, resolveRange } from '../../domain/simulation/date-range.ts';
import { type AppContext, contextPart } from '../context.ts';
import { foldOrderFigures, orderFiguresByDay } from './order-figures.ts';
import { reportSum } from './report-sum.ts';

export interface RepeatFigures {
  orders: number;
  repeatOrders: number;
  /** Share of orders placed by a customer who had ordered before; null without orders. */
  rate: number | null;
}

export interface Dashboard {
  range: DateRange;
  granularity: Granularity;
  buckets: Bucket[];
  series: {
    issuedCents: number[];
    redeemedCents: number[];
    newMembers: number[];
    memberOrderCents: number[];
    memberOrders: number[];
    allOrders: number[];
  };
  totals: {
    issuedCents: number;
    issuedCodes: number;
    redeemedCents: number;
    redeemedCodes: number;
    newMembers: number;
    memberOrderCents: number;
    allOrderCents: number;
    memberOrders: number;
    allOrders: number;
    /** Members' share of the orders and of their value; null without orders. */
    memberOrderShare: number | null;
    memberValueShare: number | null;
  };
  repeat: { members: RepeatFigures; others: RepeatFigures };
}

/**
 * The program page's figures over a range of local days: code value issued and redeemed, new
 * members, members' orders (value = products after discounts without shipping, fees and gift
 * cards; cancelled orders left out) and their share, and the repeat-purchase rate of members
 * and of other registered customers. Each series is grouped by local day in the database and
 * summed into the chart's buckets here. Shared for DASHBOARD_FRESH_MS (see DashboardCache).
 */
export function dashboardFigures(
  ctx: DashboardContext,
  shopId: string,
  range: DateRange,
  timeZone: string,
): Promise<Dashboard> {
  return sharedDashboard(ctx, shopId, range, timeZone).figures;
}

/**
 * Figures of the last few seconds are shared: every open dashboard polls, and a shop's figures
 * for a range are the same for all of them. New events show up within this time.
 */
export const DASHBOARD_FRESH_MS = 10_000;

/** Shared dashboards kept (shop, range and zone); the bound is a guard. */
export const DASHBOARDS_KEPT = 100;

/** A shop's dashboard figures over a range, and what callers made of them, while they are shared. */
export interface SharedDashboard {
  /** When the figures were asked for (the app clock, epoch ms). */
  at: number;
  figures: Promise<Dashboard>;
  /** Renderings of the figures by what they depend on besides them (language, today…). */
  views: Map<string, Promise<unknown>>;
}

/**
 * The dashboards a service shares (the composition root makes one): a shop's figures over a range
 * in a zone, looked up before anything is computed, so that the range checks, the queries and the
 * renderings are done once for every page that polls within DASHBOARD_FRESH_MS. An entry is made
 * with the figures it asks for, so it never outlives them; one that fails is dropped.
 */
export class DashboardCache {
  private readonly kept = new Map<string, SharedDashboard>();

  shared(ctx: AppContext, shopId: string, range: DateRange, timeZone: string): SharedDashboard {
    const now = ctx.clock.now().getTime();
    const key = `${shopId}\u0000${range.from}\u0000${range.to}\u0000${timeZone}`;
    const hit = this.kept.get(key);
    if (hit && now - hit.at < DASHBOARD_FRESH_MS) return hit;
    const r = resolveRange(range, timeZone);
    const entry: SharedDashboard = {
      at: now,
      figures: computeDashboard(ctx, shopId, r, timeZone),
      views: new Map(),
    };
    this.kept.delete(key);
    this.kept.set(key, entry);
    entry.figures.catch(() => {
      if (this.kept.get(key) === entry) this.kept.delete(key);
    });
    while (this.kept.size > DASHBOARDS_KEPT) this.kept.delete(this.kept.keys().next().value!);
    return entry;
  }
}

/** A context with the service's dashboard cache, or a plain one (see `contextPart`). */
export type DashboardContext = AppContext & { dashboards?: DashboardCache };

/** The shared entry of `dashboardFigures`, with room for what callers make of the figures. */
export function sharedDashboard(
  ctx: DashboardContext,
  shopId: string,
  range: DateRange,
  timeZone: string,
): SharedDashboard {
  return contextPart(ctx, 'dashboards', () => new DashboardCache()).shared(ctx, shopId, range, timeZone);
}

async function computeDashboard(
  ctx: AppContext,
  shopId: string,
  r: ReturnType<typeof resolveRange>,
  timeZone: string,
): Promise<Dashboard> {
  const calendar = rangeCalendar(r, r.days);
  const day = localDayOf(r, timeZone);
  const [codes, members, orders] = await Promise.all([
    sql<{ day: number; n: number; cents: number }>`
      select ${day('issued_at')} as day, count(*)::int as n, ${reportSum(sql`value_cents`)} as cents
      from discount_codes where shop_id = ${shopId} and issued_at >= ${r.start} and issued_at < ${r.end}
      group by 1`.execute(ctx.db),
    sql<{ day: number; n: number }>`
      select ${day('joined_at')} as day, count(*)::int as n
      from members where shop_id = ${shopId} and joined_at >= ${r.start} and joined_at < ${r.end}
      group by 1`.execute(ctx.db),
    ordersFigures(ctx, shopId, r, day),
  ]);
  const { series, totals } = bucketed(calendar, codes.rows, members.rows, orders);
  const figures = (member: boolean): RepeatFigures => {
    const n = member ? orders.repeat.memberOrders : orders.repeat.otherOrders;
    const first = member ? orders.repeat.memberFirsts : orders.repeat.otherFirsts;
    return { orders: n, repeatOrders: n - first, rate: n ? (n - first) / n : null };
  };
  return {
    range: { from: r.from, to: r.to },
    granularity: calendar.granularity,
    buckets: calendar.buckets,
    series,
    totals: {
      ...totals,
      memberOrderShare: totals.allOrders ? totals.memberOrders / totals.allOrders : null,
      memberValueShare: totals.allOrderCents ? totals.memberOrderCents / totals.allOrderCents : null,
    },
    repeat: { members: figures(true), others: figures(false) },
  };
}

/** The figures per local day summed into the chart's buckets, and over the whole range. */
function bucketed(
  calendar: ReturnType<typeof rangeCalendar>,
  codes: { day: number; n: number; cents: number }[],
  members: { day: number; n: number }[],
  orders: OrdersFigures,
) {
  const buckets = calendar.buckets.length;
  const zeros = () => new Array<number>(buckets).fill(0);
  const series = {
    issuedCents: zeros(),
    redeemedCents: zeros(),
    newMembers: zeros(),
    memberOrderCents: zeros(),
    memberOrders: zeros(),
    allOrders: zeros(),
  };
  const bucketOf = (d: number) => calendar.bucketOfDay[Math.min(Math.max(d, 0), calendar.days - 1)]!;
  const totals = {
    issuedCents: 0,
    issuedCodes: 0,
    redeemedCents: 0,
    redeemedCodes: 0,
    newMembers: 0,
    memberOrderCents: 0,
    allOrderCents: 0,
    memberOrders: 0,
    allOrders: 0,
  };
  for (const row of codes) {
    series.issuedCents[bucketOf(row.day)]! += Number(row.cents);
    totals.issuedCents += Number(row.cents);
    totals.issuedCodes += row.n;
  }
  for (const row of orders.redeemed) {
    series.redeemedCents[bucketOf(row.day)]! += Number(row.cents);
    totals.redeemedCents += Number(row.cents);
    totals.redeemedCodes += row.n;
  }
  for (const row of members) {
    series.newMembers[bucketOf(row.day)]! += row.n;
    totals.newMembers += row.n;
  }
  for (const row of orders.days) {
    const b = bucketOf(row.day);
    series.allOrders[b]! += row.n;
    totals.allOrders += row.n;
    totals.allOrderCents += Number(row.cents);
    if (row.member) {
      series.memberOrders[b]! += row.n;
      series.memberOrderCents[b]! += Number(row.cents);
      totals.memberOrders += row.n;
      totals.memberOrderCents += Number(row.cents);
    }
  }
  return { series, totals };
}

interface OrdersFigures {
  days: { day: number; member: boolean; n: number; cents: number }[];
  redeemed: { day: number; n: number; cents: number }[];
  repeat: { memberOrders: number; otherOrders: number; memberFirsts: number; otherFirsts: number };
}

/**
 * The range's orders (cancelled ones left out) from the kept figures (see order-figures.ts):
 * orders, value and code discounts per day, by membership when placed and whether the customer is
 * known. Next to them, the customers whose first order ever falls in the range: each has exactly
 * one first order there, and every other order of the range by a known customer is a repeat.
 */
async function ordersFigures(
  ctx: AppContext,
  shopId: string,
  r: { start: Date; end: Date },
  day: (column: string) => RawBuilder<number>,
): Promise<OrdersFigures> {
  // Fold the changes of the last moments first, so that the figures read are mostly totals. A fold
  // only tidies (the read below counts pending changes too), so one that fails costs nothing.
  await foldOrderFigures(ctx.db, shopId).catch(() => {});
  const [firsts, days] = await Promise.all([
    sql<{ member: boolean; n: number }>`
      select by_member as member, count(*)::int as n
      from customer_first_orders
      where shop_id = ${shopId} and first_placed_at >= ${r.start} and first_placed_at < ${r.end}
      group by 1`.execute(ctx.db),
    orderFiguresByDay(ctx.db, shopId, r, day),
  ]);
  const redeemed = new Map<number, { day: number; n: number; cents: number }>();
  const repeat = { memberOrders: 0, otherOrders: 0, memberFirsts: 0, otherFirsts: 0 };
  for (const row of days) {
    if (row.codes > 0) {
      const day = redeemed.get(row.day) ?? { day: row.day, n: 0, cents: 0 };
      day.n += row.codes;
      day.cents += Number(row.code_cents);
      redeemed.set(row.day, day);
    }
    if (row.known && row.member) repeat.memberOrders += row.n;
    if (row.known && !row.member) repeat.otherOrders += row.n;
  }
  for (const row of firsts.rows) {
    if (row.member) repeat.memberFirsts += row.n;
    else repeat.otherFirsts += row.n;
  }
  return {
    days: days.map(({ day, member, n, cents }) => ({ day, member, n, cents })),
    redeemed: [...redeemed.values()],
    repeat,
  };
}

/**
 * The local day (0 for the range's first) an instant of the range falls on, as SQL: a binary search
 * in the days' start instants, computed here with the zone's rules, which costs the database far
 * less per row than converting each time to local time.
 */
function localDayOf(r: { start: Date; days: number }, timeZone: string) {
  const starts = dayStarts(r, timeZone).map((d) => d.toISOString());
  return (column: string) =>
    sql<number>`(width_bucket(${sql.ref(column)}, ${sql.val(starts)}::timestamptz[]) - 1)`;
}
