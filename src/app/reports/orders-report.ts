import { type Expression, type SqlBool, sql } from 'kysely';
import type { Channel, OrderStatus } from '../../db/schema.ts';
import { type DateRange, resolveRange } from '../../domain/simulation/date-range.ts';
import type { AppContext } from '../context.ts';
import { PAGE_SIZE, type Page, pageOf, pageWindow } from './paging.ts';
import { reportSum } from './report-sum.ts';

export interface OrderReportFilter {
  range: DateRange;
  timeZone: string;
  /** Only orders placed by a member of the loyalty program at the time. */
  membersOnly: boolean;
}

/** The amounts of the report: each order's, and their totals. */
export interface OrderAmounts {
  productCents: number;
  discountCents: number;
  shippingAndFeesCents: number;
  totalCents: number;
  eligibleCents: number;
  points: number;
}

export interface OrderReportRow extends OrderAmounts {
  id: string;
  placedAt: Date;
  customerId: string | null;
  customerName: string | null;
  customerEmail: string | null;
  isMember: boolean;
  storeVersionId: string;
  /** The store version's name as the merchant gave it. */
  storeVersionName: string;
  channel: Channel;
  status: OrderStatus;
  loyaltyCode: string | null;
}

/** Totals over the report's orders that were not cancelled. */
export interface OrderTotals extends OrderAmounts {
  /** Orders counted in the totals: those not cancelled. */
  orders: number;
}

/** A member at the time of the order, as decided when it was placed (the dashboard counts the same). */
const memberAtOrder = sql<boolean>`o.placed_by_member`;

function rangeFilter(shopId: string, filter: OrderReportFilter): Expression<SqlBool> {
  const range = resolveRange(filter.range, filter.timeZone);
  return sql<SqlBool>`o.shop_id = ${shopId} and o.placed_at >= ${range.start} and o.placed_at < ${range.end}
    ${filter.membersOnly ? sql`and ${memberAtOrder}` : sql``}`;
}

interface RawRow {
  id: string;
  placed_at: Date;
  customer_id: string | null;
  name: string | null;
  email: string | null;
  is_member: boolean;
  store_version_id: string;
  store_version_name: string;
  channel: Channel;
  status: OrderStatus;
  product_cents: number;
  line_discount_cents: number;
  order_discount_cents: number;
  code_discount_cents: number;
  shipping_cents: number;
  payment_fee_cents: number;
  kept_eligible_cents: number;
  points: number;
  loyalty_code: string | null;
}

/** The amounts of an order or of the totals: the total is the products after discounts, plus shipping and fees. */
function amountsOf(
  productCents: number,
  discountCents: number,
  shippingAndFeesCents: number,
  eligibleCents: number,
  points: number,
): OrderAmounts {
  const totalCents = productCents - discountCents + shippingAndFeesCents;
  return { productCents, discountCents, shippingAndFeesCents, totalCents, eligibleCents, points };
}

function toRow(r: RawRow): OrderReportRow {
  const amounts = amountsOf(
    r.product_cents,
    r.line_discount_cents + r.order_discount_cents + r.code_discount_cents,
    r.shipping_cents + r.payment_fee_cents,
    r.kept_eligible_cents,
    r.points,
  );
  return {
    id: r.id,
    placedAt: r.placed_at,
    customerId: r.customer_id,
    customerName: r.name,
    customerEmail: r.email,
    isMember: r.is_member,
    storeVersionId: r.store_version_id,
    storeVersionName: r.store_version_name,
    channel: r.channel,
    status: r.status,
    ...amounts,
    loyaltyCode: r.loyalty_code,
  };
}

function rowsQuery(shopId: string, filter: OrderReportFilter, extra = sql``) {
  return sql<RawRow>`
    select o.id, o.placed_at, o.customer_id, c.name, c.email,
      ${memberAtOrder} as is_member,
      o.store_version_id, v.name as store_version_name, o.channel, o.status, o.product_cents,
      (select coalesce(sum(l.line_discount_cents), 0)::bigint from order_lines l
        where l.shop_id = o.shop_id and l.order_id = o.id) as line_discount_cents,
      o.order_discount_cents, o.code_discount_cents, o.shipping_cents, o.payment_fee_cents,
      o.kept_eligible_cents, (o.points_earned - o.points_deducted) as points, o.loyalty_code
    from orders o
    left join customers c on c.shop_id = o.shop_id and c.id = o.customer_id
    join store_versions v on v.shop_id = o.shop_id and v.id = o.store_version_id
    where ${rangeFilter(shopId, filter)} ${extra}`;
}

/** Orders placed in the range (in the shop's zone), newest first, with totals over the whole range. */
export async function ordersReport(
  ctx: AppContext,
  shopId: string,
  filter: OrderReportFilter,
  page?: number,
): Promise<Page<OrderReportRow> & { totals: OrderTotals }> {
  const window = pageWindow(page);
  const where = rangeFilter(shopId, filter);
  const [totals, lines, rows] = await Promise.all([
    // Every order is listed; the totals leave cancelled ones out, as sales figures do.
    sql<{
      n: number;
      counted: number;
      product: number;
      discount: number;
      shipping: number;
      eligible: number;
      points: number;
    }>`
      select count(*)::int as n,
        count(*) filter (where o.status <> 'cancelled')::int as counted,
        ${reportSum(sql`case when o.status <> 'cancelled' then o.product_cents end`)} as product,
        ${reportSum(sql`case when o.status <> 'cancelled' then o.order_discount_cents + o.code_discount_cents end`)} as discount,
        ${reportSum(sql`case when o.status <> 'cancelled' then o.shipping_cents + o.payment_fee_cents end`)} as shipping,
        ${reportSum(sql`case when o.status <> 'cancelled' then o.kept_eligible_cents end`)} as eligible,
        ${reportSum(sql`o.points_earned - o.points_deducted`)} as points
      from orders o where ${where}`.execute(ctx.db),
    sql<{ discount: number }>`
      select ${reportSum(sql`l.line_discount_cents`)} as discount
      from orders o join order_lines l on l.shop_id = o.shop_id and l.order_id = o.id
      where ${where} and o.status <> 'cancelled'`.execute(ctx.db),
    sql<RawRow>`${rowsQuery(shopId, filter)} order by o.placed_at desc, o.id desc
      offset ${window.offset} limit ${window.limit}`.execute(ctx.db),
  ]);
  const t = totals.rows[0]!;
  return {
    ...pageOf(rows.rows.map(toRow), t.n, window.page, PAGE_SIZE),
    totals: {
      orders: t.counted,
      ...amountsOf(
        Number(t.product),
        Number(t.discount) + Number(lines.rows[0]!.discount),
        Number(t.shipping),
        Number(t.eligible),
        Number(t.points),
      ),
    },
  };
}

/** Every order of the report, oldest first, in batches: the CSV export streams them. */
export async function* orderReportRows(
  ctx: AppContext,
  shopId: string,
  filter: OrderReportFilter,
  batchSize = 2000,
): AsyncGenerator<OrderReportRow> {
  let after: { placedAt: Date; id: string } | null = null;
  for (;;) {
    const cursor: ReturnType<typeof sql> = after
      ? sql`and (o.placed_at, o.id) > (${after.placedAt}, ${after.id})`
      : sql``;
    const batch =
      await sql<RawRow>`${rowsQuery(shopId, filter, cursor)} order by o.placed_at, o.id limit ${batchSize}`.execute(
        ctx.db,
      );
    for (const raw of batch.rows) yield toRow(raw);
    if (batch.rows.length < batchSize) return;
    const last = batch.rows.at(-1)!;
    after = { placedAt: last.placed_at, id: last.id };
  }
}
