import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { Order } from '../../db/schema.ts';
import { purchaseCredit } from '../../domain/earning/purchase-points.ts';
import { DomainError } from '../../domain/errors.ts';
import { purchaseEntry } from '../../domain/ledger/entries.ts';
import type { ProgramSettings } from '../../domain/program/settings.ts';
import { laterPoints, ledgerWrite, movedBalanceOf } from '../ledger/ledger-writer.ts';
import { recordset } from './recordset.ts';
import { placedColumnsOf } from './recordset-columns.ts';

export interface DeliverResult {
  outcome: 'applied' | 'duplicate';
  orderId: string;
  pointsEarned: number;
  /** The member's balance after the credit, when points were credited now. */
  balance: number | null;
}

/** What a placed order is delivered on: the facts its credit is decided from. */
export interface PlacedOrder {
  shopId: string;
  orderId: string;
  earns: boolean;
  customerId: string | null;
  keptEligibleCents: number;
  /** What campaigns add to the kept lines' points (see `purchasePoints`). */
  keptCampaignWeight: number;
  settings: ProgramSettings | null | undefined;
}

/**
 * A delivery reported for an order as it is now: the answer to a repeat when it was delivered
 * already, or undefined when it is still placed and is to be delivered. A cancelled order is
 * refused.
 */
export function repeatedDelivery(order: Order): DeliverResult | undefined {
  if (order.status === 'delivered') {
    return { outcome: 'duplicate', orderId: order.id, pointsEarned: order.points_earned, balance: null };
  }
  if (order.status === 'cancelled') {
    throw new DomainError('order_cancelled', `Order "${order.id}" was cancelled and cannot be delivered`);
  }
  return undefined;
}

/** The placed order as its delivery sees it, with the program's settings when it earns. */
export function placedOrder(
  order: Pick<
    Order,
    'shop_id' | 'id' | 'earns' | 'customer_id' | 'kept_eligible_cents' | 'kept_campaign_weight'
  >,
  settings: ProgramSettings | null | undefined,
): PlacedOrder {
  return {
    shopId: order.shop_id,
    orderId: order.id,
    earns: order.earns,
    customerId: order.customer_id,
    keptEligibleCents: order.kept_eligible_cents,
    keptCampaignWeight: order.kept_campaign_weight,
    settings: order.earns ? settings : undefined,
  };
}

/**
 * What `balanceAfterEntry` says (the member's balance just after the statement's entry, as if its
 * entries had been written one by one), for hundreds of entries at once: the member's balance as
 * `moved` left it (looked up in the ledger writer's map, `b`) less the points of the member's
 * later entries (`w.later_points`, the writer's `laterPoints`). Joining every entry to `moved`
 * and summing its later entries one by one made the planner, which guesses one row for each, loop
 * over both: about 60 of the statement's 200 ms for 420 deliveries.
 */
const balanceAfterEachEntry = sql`case when w.entry_id is null then null
    else (${movedBalanceOf('b', sql`w.shop_id`, sql`w.customer_id`)} - w.later_points)::bigint end`;

/**
 * The deliveries' one statement: each order becomes delivered, if it is still placed and counts
 * what it counted when read, and its purchase entry is written through the ledger's writer. One
 * answer per delivery, in their order: undefined for an order that had changed. The balance of
 * each is the member's just after its own entry. Order ids must be distinct.
 */
export async function writeDeliveries(
  db: Executor,
  deliveries: { order: PlacedOrder; at: Date }[],
): Promise<(DeliverResult | undefined)[]> {
  if (deliveries.length === 0) return [];
  const decided = deliveries.map(({ order, at }) => {
    const credit = purchaseCredit({
      earns: order.earns,
      customerId: order.customerId,
      eligibleCents: order.keptEligibleCents,
      campaignWeight: order.keptCampaignWeight,
      purchaseRatioCents: order.settings?.purchaseRatioCents ?? null,
    });
    const entry = purchaseEntry({ shopId: order.shopId, orderId: order.orderId, points: credit.points, at });
    return { order, credit, entry };
  });
  const columns = placedColumnsOf(decided, {
    shop_id: { type: 'text', of: (d) => d.order.shopId },
    id: { type: 'text', of: (d) => d.order.orderId },
    kept: { type: 'int8', of: (d) => d.order.keptEligibleCents },
    ratio_cents: { type: 'int', of: (d) => d.credit.ratioCents },
    points: { type: 'int8', of: (d) => d.credit.points },
    kind: { type: 'text', of: (d) => d.entry.kind },
    ref_type: { type: 'text', of: (d) => d.entry.refType },
    ref_id: { type: 'text', of: (d) => d.entry.refId },
    entry_key: { type: 'text', of: (d) => d.entry.idempotencyKey },
    at: { type: 'timestamptz', of: (d) => d.entry.at },
  });
  const { rows: written } = await sql<{ updated: boolean; balance: number | null }>`
    with d as (
      select * from ${recordset('d', columns)}
    ), delivered as (
      update orders o set status = 'delivered', delivered_at = d.at, ratio_cents = d.ratio_cents,
        points_earned = d.points
      from d
      where o.shop_id = d.shop_id and o.id = d.id and o.status = 'placed' and o.kept_eligible_cents = d.kept
        -- The shops again as an array: an index condition, where the join alone let the planner
        -- hash every order of the shop for a request's few hundred deliveries. Each order is then
        -- found by its key, one probe a delivery; with the order ids as an array too, the planner
        -- read the orders once and compared every delivery with every one of them (400
        -- deliveries: 80,000 comparisons; the statement took 22 ms, now 16.5 ms).
        and o.shop_id = any(${[...new Set(decided.map((d) => d.order.shopId))]}::text[])
      returning o.shop_id, o.id, o.customer_id
    ), delivery_entries as (
      select dl.shop_id, dl.customer_id, d.kind, d.points, d.ref_type, d.ref_id, d.entry_key as idempotency_key,
             null::text as author, null::text as reason, d.at as created_at, d.idx as seq
      from delivered dl join d on d.shop_id = dl.shop_id and d.id = dl.id
    ), ${ledgerWrite(sql`delivery_entries`)}
    select w.updated, ${balanceAfterEachEntry} as balance
    from (
      select d.idx, dl.id is not null as updated, e.id as entry_id, e.shop_id, e.customer_id,
             ${laterPoints} as later_points
      from d
      left join delivered dl on dl.shop_id = d.shop_id and dl.id = d.id
      left join entry e on e.shop_id = d.shop_id and e.idempotency_key = d.entry_key
    ) w
    cross join moved_balance_map b
    order by w.idx`.execute(db);
  return decided.map(({ order, credit }, i) =>
    written[i]!.updated
      ? {
          outcome: 'applied',
          orderId: order.orderId,
          pointsEarned: credit.points,
          balance: written[i]!.balance,
        }
      : undefined,
  );
}
