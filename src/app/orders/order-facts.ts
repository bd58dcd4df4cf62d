import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import { executeByShape } from '../../db/statement-text.ts';
import type { Campaign } from '../../domain/campaigns/campaign.ts';
import { MIN_MULTIPLIER_PCT as NO_MULTIPLIER } from '../../domain/campaigns/campaign.ts';
import { campaignWeight } from '../../domain/campaigns/campaign-weight.ts';
import { lineMultipliers } from '../../domain/campaigns/line-multiplier.ts';
import {
  type EligibleLine,
  eligibleLines,
  validateOrderAmounts,
} from '../../domain/earning/eligible-amount.ts';
import { type NoEarningReason, orderEarns } from '../../domain/earning/order-earns.ts';
import { DomainError } from '../../domain/errors.ts';
import { isMemberJoinedBy } from '../../domain/members/is-member.ts';
import { wasMemberAt } from '../../domain/members/membership.ts';
import { versionSelected } from '../../domain/program/program-visible.ts';
import type { ProgramSettings } from '../../domain/program/settings.ts';
import { type CampaignRow, campaignOfRow } from '../campaigns/campaign-rows.ts';
import type { PlaceOrderInput } from './order-input.ts';
import { type RecordsetColumn, recordset, recordsetParameters } from './recordset.ts';

/** What must be known about the shop, its program and the customer to decide an order, read in one query. */
export interface OrderFacts {
  settings: ProgramSettings | null;
  published: boolean;
  versionExists: boolean;
  customerExists: boolean;
  joinedAt: Date | null;
  leftAt: Date | null;
  /** The shop's campaigns in force at some moment of the orders read with these facts (most often none). */
  campaigns: readonly Campaign[];
  /**
   * The shop had an enabled webhook endpoint when the facts were read. A sale written on facts
   * without one queues no webhook event (`insertSales`), as if written a moment earlier.
   */
  webhooksOn: boolean;
}

/** The facts of many sales in one query; a sale of an unknown shop gets the error it would alone. */
export async function loadSalesFacts(
  db: Executor,
  inputs: PlaceOrderInput[],
): Promise<(OrderFacts | DomainError)[]> {
  const keys = {
    idx: { type: 'int', values: inputs.map((_, idx) => idx) },
    shop_id: { type: 'text', values: inputs.map((input) => input.shopId) },
    version_id: { type: 'text', values: inputs.map((input) => input.storeVersionId) },
    customer_id: { type: 'text', values: inputs.map((input) => input.customerId) },
    placed_at: { type: 'timestamptz', values: inputs.map((input) => input.placedAt) },
  } satisfies Record<string, RecordsetColumn>;
  const statement = () => sql<{
    idx: number;
    shop_exists: boolean;
    settings: ProgramSettings | null;
    status: string | null;
    version_exists: boolean;
    customer_exists: boolean;
    joined_at: Date | null;
    left_at: Date | null;
    campaigns: CampaignRow[] | null;
    webhooks_on: boolean | null;
  }>`
    with i as (select * from ${recordset('i', keys)}), ${campaignsOfShops}
    select i.idx, s.id is not null as shop_exists, p.status,
           case when i.idx = min(i.idx) over (partition by i.shop_id) then p.settings end as settings,
           case when i.idx = min(i.idx) over (partition by i.shop_id) then cs.campaigns end as campaigns,
           case when i.idx = min(i.idx) over (partition by i.shop_id) then exists (
             select 1 from webhook_endpoints w where w.shop_id = i.shop_id and w.enabled) end as webhooks_on,
           exists (select 1 from store_versions v where v.shop_id = i.shop_id and v.id = i.version_id) as version_exists,
           exists (select 1 from customers c where c.shop_id = i.shop_id and c.id = i.customer_id) as customer_exists,
           m.joined_at, m.left_at
    from i
    left join shops s on s.id = i.shop_id
    left join shop_campaigns cs on cs.shop_id = i.shop_id
    left join programs p on p.shop_id = i.shop_id
    -- A plain join, left to the planner: probes forced by key (lateral, limit 1) became scans of
    -- the whole table for each order in a shop of a few hundred customers, 9.7 against 1.0 ms for
    -- 500 orders; with 20,000 and 200,000 customers both shapes probe the key (docs/ledger.md).
    left join members m on m.shop_id = i.shop_id and m.customer_id = i.customer_id
    order by i.idx`;
  const { rows } = await executeByShape(db, 'loadSalesFacts', statement, recordsetParameters(keys));
  // The program's settings come once per shop, on the shop's first row: the rows of a bulk request
  // share them, and 500 copies were 500 documents for the database to write out and here to parse.
  const settingsOf = new Map<string, ProgramSettings | null>();
  const campaignsOf = new Map<string, Campaign[]>();
  const webhooksOn = new Set<string>();
  rows.forEach((row, i) => {
    if (!settingsOf.has(inputs[i]!.shopId)) settingsOf.set(inputs[i]!.shopId, row.settings);
    if (row.webhooks_on) webhooksOn.add(inputs[i]!.shopId);
    if (!campaignsOf.has(inputs[i]!.shopId))
      campaignsOf.set(inputs[i]!.shopId, (row.campaigns ?? []).map(campaignOfRow));
  });
  return rows.map((row, i) => {
    if (!row.shop_exists)
      return new DomainError('shop_not_found', `Shop "${inputs[i]!.shopId}" does not exist`);
    return {
      settings: settingsOf.get(inputs[i]!.shopId) ?? null,
      published: row.status === 'published',
      versionExists: row.version_exists,
      customerExists: row.customer_exists,
      joinedAt: row.joined_at,
      leftAt: row.left_at,
      campaigns: campaignsOf.get(inputs[i]!.shopId) ?? [],
      webhooksOn: webhooksOn.has(inputs[i]!.shopId),
    };
  });
}

/**
 * Each shop's campaigns in force at some placement time among the orders `i` (one index probe per
 * shop of the batch; a shop without campaigns finds none), as one JSON array per shop.
 */
const campaignsOfShops = sql`shop_campaigns as (
      select c.shop_id, json_agg(json_build_object('id', c.id, 'name', c.name, 'multiplierPct', c.multiplier_pct,
        'startsAt', c.starts_at, 'endsAt', c.ends_at, 'membersFrom', c.members_from, 'productIds', c.product_ids,
        'categories', c.categories, 'storeVersionIds', c.store_version_ids)) as campaigns
      from (select shop_id, min(placed_at) as first_at, max(placed_at) as last_at from i group by shop_id) b
      join campaigns c on c.shop_id = b.shop_id and c.ends_at > b.first_at
        and coalesce(c.members_from, c.starts_at) <= b.last_at
      group by c.shop_id
    )`;

export async function loadOrderFacts(db: Executor, input: PlaceOrderInput): Promise<OrderFacts> {
  const [facts] = await loadSalesFacts(db, [input]);
  if (facts instanceof Error) throw facts;
  return facts!;
}

export interface OrderDecision {
  lines: EligibleLine[];
  eligibleCents: number;
  productCents: number;
  earns: boolean;
  notEarningReason: NoEarningReason | null;
  /** The customer was a member when the order was placed (for the reports; kept with the order). */
  placedByMember: boolean;
  /** Each line's campaign multiplier in percent (100: none), decided by the placement time. */
  multipliers: number[];
  /** What the campaigns add to the order's points (`campaignWeight`); 0 without one. */
  campaignWeight: number;
}

/** Validates a reported order against the facts and decides, as the shopper ordered, whether it earns. */
export function decideOrder(input: PlaceOrderInput, facts: OrderFacts): OrderDecision {
  const errors = validateOrderAmounts(input);
  if (!input.orderId.trim()) errors.push({ field: 'orderId', message: 'An order id is required' });
  if (errors.length) throw new DomainError('invalid_input', 'The order is not valid', errors);
  if (!facts.versionExists) {
    throw new DomainError(
      'store_version_not_found',
      `Store version "${input.storeVersionId}" does not exist`,
      [{ field: 'storeVersionId', message: 'Unknown store version' }],
    );
  }
  if (input.customerId && !facts.customerExists) {
    throw new DomainError(
      'customer_not_found',
      `Customer "${input.customerId}" does not exist in this shop`,
      [{ field: 'customerId', message: 'Create the customer before reporting their orders' }],
    );
  }
  const decision = orderEarns({
    isMember: isMemberJoinedBy(facts, input.placedAt),
    loggedIn: input.loggedIn && input.customerId !== null,
    programPublished: facts.published,
    versionSelected: versionSelected(facts.settings, input.storeVersionId),
  });
  const lines = eligibleLines(input);
  const multipliers =
    facts.campaigns.length > 0
      ? lineMultipliers(facts.campaigns, input)
      : input.lines.map(() => NO_MULTIPLIER);
  return {
    multipliers,
    campaignWeight: campaignWeight(
      lines.map((l, i) => ({ eligibleCents: l.eligibleCents, multiplierPct: multipliers[i]! })),
    ),
    lines,
    eligibleCents: lines.reduce((sum, l) => sum + l.eligibleCents, 0),
    productCents: lines.reduce((sum, l) => sum + l.gross, 0),
    earns: decision.earns,
    notEarningReason: decision.earns ? null : decision.reason,
    placedByMember: input.customerId !== null && wasMemberAt(facts, input.placedAt),
  };
}
