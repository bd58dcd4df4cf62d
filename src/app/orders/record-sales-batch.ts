import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import { executeByShape } from '../../db/statement-text.ts';
import { purchaseCredit } from '../../domain/earning/purchase-points.ts';
import { purchaseEntry } from '../../domain/ledger/entries.ts';
import { balanceAfterEntry, ledgerWrite } from '../ledger/ledger-writer.ts';
import { insertOrders, insertOrdersParameters, orderRecordsets } from './insert-order.ts';
import { decideOrder, type OrderDecision, type OrderFacts } from './order-facts.ts';
import type { PlaceOrderInput } from './place-order.ts';
import type { RecordsetColumn } from './recordset.ts';

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
  /** Its shop had an enabled webhook endpoint when its facts were read (`OrderFacts.webhooksOn`). */
  webhooksOn: boolean;
}

/** Decides a sale from its facts with the same rules as a single sale. */
export function decideSale(request: SaleRequest, facts: OrderFacts): DecidedSale {
  const decided = decideOrder(request.input, facts);
  const { ratioCents, points } = purchaseCredit({
    earns: decided.earns,
    customerId: request.input.customerId,
    eligibleCents: decided.eligibleCents,
    campaignWeight: decided.campaignWeight,
    purchaseRatioCents: facts.settings?.purchaseRatioCents ?? null,
  });
  return { ...request, decided, ratioCents, points, webhooksOn: facts.webhooksOn };
}

/**
 * Writes many new delivered orders in one statement: the orders, their lines, the customers'
 * first orders, the dashboard's figure changes, and their purchase entries through the ledger's
 * writer. Orders whose id exists already are skipped and reported as not inserted; each inserted
 * order's balance is the member's balance just after its own entry, as if the orders had been
 * written one by one in the batch's order. Order ids must be distinct.
 *
 * When no sale's shop had an enabled webhook endpoint as its facts were read, the statement leaves
 * the points events out altogether (`ledgerWrite`'s `events`). Even queueing nothing, that part
 * cost the embedded database 50–75 µs a statement of 8 sales (both shapes in turn in one process);
 * the facts read's probe for an endpoint costs 10–23 µs.
 */
export async function insertSales(
  db: Executor,
  sales: DecidedSale[],
): Promise<{ inserted: boolean; balance: number | null }[]> {
  const sets = orderRecordsets(sales, saleColumns);
  const events = sales.some((sale) => sale.webhooksOn);
  const statement = () => sql<{ idx: number; inserted: boolean; balance: number | null }>`
    with ${insertOrders(sets, 'delivered')}, sale_entries as (
      select p.shop_id, p.customer_id, o.entry_kind as kind, o.points, o.entry_ref_type as ref_type,
             o.id as ref_id, o.entry_key as idempotency_key, null::text as author, null::text as reason,
             o.placed_at as created_at, o.idx as seq
      from placed p join o on o.shop_id = p.shop_id and o.id = p.id
    ), ${ledgerWrite(sql`sale_entries`, { events })}
    select o.idx, p.id is not null as inserted,
           ${balanceAfterEntry} as balance
    from o
    left join placed p on p.shop_id = o.shop_id and p.id = o.id
    left join entry e on e.shop_id = o.shop_id and e.idempotency_key = o.entry_key
    left join moved m on m.shop_id = e.shop_id and m.customer_id = e.customer_id
    order by o.idx`;
  const { rows } = await executeByShape(
    db,
    events ? 'insertSales' : 'insertSales:no-events',
    statement,
    insertOrdersParameters(sets),
  );
  return rows.map((row) => ({ inserted: row.inserted, balance: row.balance }));
}

/** A sale's own columns of the orders' rows: its credit, and its purchase entry's kind, reference and key. */
function saleColumns(sales: DecidedSale[]): Record<string, RecordsetColumn> {
  const entries = sales.map(({ input, points }) =>
    purchaseEntry({ shopId: input.shopId, orderId: input.orderId, points, at: input.placedAt }),
  );
  return {
    ratio_cents: { type: 'int', values: sales.map((sale) => sale.ratioCents) },
    points: { type: 'int8', values: sales.map((sale) => sale.points) },
    entry_kind: { type: 'text', values: entries.map((entry) => entry.kind) },
    entry_ref_type: { type: 'text', values: entries.map((entry) => entry.refType) },
    entry_key: { type: 'text', values: entries.map((entry) => entry.idempotencyKey) },
  };
}
