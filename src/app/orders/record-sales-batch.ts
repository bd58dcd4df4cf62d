import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import { purchaseCredit } from '../../domain/earning/purchase-points.ts';
import { purchaseEntry } from '../../domain/ledger/entries.ts';
import { balanceAfterEntry, ledgerWrite } from '../ledger/ledger-writer.ts';
import { insertFirstOrders } from './first-orders.ts';
import { lineRows } from './insert-order.ts';
import { decideOrder, type OrderDecision, type OrderFacts } from './order-facts.ts';
import { figureChanges } from './order-figure-changes.ts';
import type { PlaceOrderInput } from './place-order.ts';

/** One sale to record, with the moment its own request read from the clock. */
export interface SaleRequest {
  input: PlaceOrderInput;
  now: Date;
}

/** A decided sale, ready to write: what `recordSale` computes before its one write. */
export interface DecidedSale extends SaleRequest {
  decided: OrderDecision;
  ratioCents: number | null;
  points: number;
}

/** Decides a sale from its facts with the same rules as a single sale. */
export function decideSale(request: SaleRequest, facts: OrderFacts): DecidedSale {
  const decided = decideOrder(request.input, facts);
  const { ratioCents, points } = purchaseCredit({
    earns: decided.earns,
    customerId: request.input.customerId,
    eligibleCents: decided.eligibleCents,
    purchaseRatioCents: facts.settings?.purchaseRatioCents ?? null,
  });
  return { ...request, decided, ratioCents, points };
}

/**
 * Writes many new delivered orders in one statement: the orders, their lines, the customers'
 * first orders, the dashboard's figure changes, and their purchase entries through the ledger's
 * writer. Orders whose id exists already are skipped and reported as not inserted; each inserted
 * order's balance is the member's balance just after its own entry, as if the orders had been
 * written one by one in the batch's order. Order ids must be distinct.
 */
export async function insertSales(
  db: Executor,
  sales: DecidedSale[],
): Promise<{ inserted: boolean; balance: number | null }[]> {
  const { orders, lines } = saleRows(sales);
  const { rows } = await sql<{ idx: number; inserted: boolean; balance: number | null }>`
    with o as (
      select * from json_to_recordset(${JSON.stringify(orders)}::json) as o(idx int, shop_id text, id text,
        customer_id text, store_version_id text, channel text, logged_in boolean, earns boolean,
        not_earning_reason text, product_cents bigint, order_discount_cents bigint, code_discount_cents bigint,
        shipping_cents bigint, payment_fee_cents bigint, eligible_cents bigint, loyalty_code text,
        ratio_cents bigint, points bigint, placed_at timestamptz, placed_by_member boolean,
        created_at timestamptz, entry_kind text, entry_ref_type text, entry_key text)
    ), placed as (
      insert into orders (shop_id, id, customer_id, store_version_id, channel, logged_in, status, earns,
        not_earning_reason, product_cents, order_discount_cents, code_discount_cents, shipping_cents,
        payment_fee_cents, eligible_cents, kept_eligible_cents, loyalty_code, ratio_cents, points_earned,
        placed_at, placed_by_member, delivered_at, created_at)
      select shop_id, id, customer_id, store_version_id, channel, logged_in, 'delivered', earns,
        not_earning_reason, product_cents, order_discount_cents, code_discount_cents, shipping_cents,
        payment_fee_cents, eligible_cents, eligible_cents, loyalty_code, ratio_cents, points,
        placed_at, placed_by_member, placed_at, created_at
      from o order by idx
      on conflict (shop_id, id) do nothing
      returning *
    ), placed_lines as (
      insert into order_lines (shop_id, order_id, line_no, product_id, category, quantity, unit_price_cents,
        line_discount_cents, gift_card, eligible_cents)
      select l.shop_id, l.order_id, l.line_no, l.product_id, l.category, l.quantity, l.unit_price_cents,
        l.line_discount_cents, l.gift_card, l.eligible_cents
      from json_to_recordset(${JSON.stringify(lines)}::json) as l(shop_id text, order_id text, line_no int,
        product_id text, category text, quantity int, unit_price_cents bigint, line_discount_cents bigint,
        gift_card boolean, eligible_cents bigint)
      join placed p on p.shop_id = l.shop_id and p.id = l.order_id
    ), first_orders as (${insertFirstOrders('placed')}
    ), figures as (${figureChanges(sql`placed o`, 1)}
    ), sale_entries as (
      select p.shop_id, p.customer_id, o.entry_kind as kind, o.points, o.entry_ref_type as ref_type,
             o.id as ref_id, o.entry_key as idempotency_key, null::text as author, null::text as reason,
             o.placed_at as created_at, o.idx as seq
      from placed p join o on o.shop_id = p.shop_id and o.id = p.id
    ), ${ledgerWrite(sql`sale_entries`)}
    select o.idx, p.id is not null as inserted,
           ${balanceAfterEntry} as balance
    from o
    left join placed p on p.shop_id = o.shop_id and p.id = o.id
    left join entry e on e.shop_id = o.shop_id and e.idempotency_key = o.entry_key
    left join moved m on m.shop_id = e.shop_id and m.customer_id = e.customer_id
    order by o.idx`.execute(db);
  return rows.map((row) => ({ inserted: row.inserted, balance: row.balance }));
}

/** The rows of the sales' orders (with each purchase entry's kind, reference and key) and lines. */
function saleRows(sales: DecidedSale[]) {
  const orders = sales.map(({ input, decided, now, ratioCents, points }, idx) => {
    const entry = purchaseEntry({ shopId: input.shopId, orderId: input.orderId, points, at: input.placedAt });
    return {
      idx,
      shop_id: input.shopId,
      id: input.orderId,
      customer_id: input.customerId,
      store_version_id: input.storeVersionId,
      channel: input.channel,
      logged_in: input.loggedIn,
      earns: decided.earns,
      not_earning_reason: decided.notEarningReason,
      product_cents: decided.productCents,
      order_discount_cents: input.orderDiscountCents,
      code_discount_cents: input.codeDiscountCents,
      shipping_cents: input.shippingCents,
      payment_fee_cents: input.paymentFeeCents,
      eligible_cents: decided.eligibleCents,
      loyalty_code: input.loyaltyCode ?? null,
      ratio_cents: ratioCents,
      points,
      placed_at: input.placedAt,
      placed_by_member: decided.placedByMember,
      created_at: now,
      entry_kind: entry.kind,
      entry_ref_type: entry.refType,
      entry_key: entry.idempotencyKey,
    };
  });
  const lines = sales.flatMap(({ input, decided }) =>
    lineRows(input, decided).map((line) => ({ shop_id: input.shopId, order_id: input.orderId, ...line })),
  );
  return { orders, lines };
}
