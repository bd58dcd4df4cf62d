import { sql, type Transaction } from 'kysely';
import type { Database, Order } from '../../db/schema.ts';
import { restoreOnCancel } from '../../domain/codes/code-state.ts';
import { cancellationEntry } from '../../domain/ledger/entries.ts';
import { changeCodeStatus } from '../codes/code-writes.ts';
import { ledgerWrite } from '../ledger/ledger-writer.ts';
import { entryRow } from './entry-row.ts';
import { firstOrdersToRefresh, refreshFirstOrders, takeCancelledFirstOrders } from './first-orders.ts';
import { figureChanges } from './order-figure-changes.ts';

export interface CancelResult {
  outcome: 'applied' | 'duplicate';
  pointsDeducted: number;
  /** What happened to a loyalty code the order had used. */
  code: { code: string; result: 'restored' | 'expired_not_restored' } | null;
}

/** The answer to a cancellation of an order cancelled already, or undefined when it is to be cancelled. */
export function repeatedCancellation(order: Order): CancelResult | undefined {
  return order.status === 'cancelled' ? { outcome: 'duplicate', pointsDeducted: 0, code: null } : undefined;
}

/**
 * Cancels orders of one shop, each locked by the caller and not cancelled yet: they earn nothing.
 * What a delivered one still counts is taken back (one entry per order through the ledger's
 * writer); a loyalty code an order used is given back to its owner while the code is still valid
 * at `now` (a return never does that). The orders, their entries, the dashboard's figures and
 * taking away the first orders that may have been cancelled are one statement; the first orders
 * found again (one statement for all customers) and the codes follow. One answer per order.
 */
export async function writeCancellations(
  trx: Transaction<Database>,
  cancellations: { order: Order; at: Date }[],
  now: Date,
): Promise<CancelResult[]> {
  if (cancellations.length === 0) return [];
  const shopId = cancellations[0]!.order.shop_id;
  const nets = cancellations.map(({ order }) => order.points_earned - order.points_deducted);
  const rows = cancellations.map(({ order, at }, idx) => {
    const net = nets[idx]!;
    const entry =
      order.status === 'delivered' && net > 0 && order.customer_id
        ? cancellationEntry({ shopId, customerId: order.customer_id, orderId: order.id, points: -net, at })
        : null;
    return {
      idx,
      id: order.id,
      at,
      ...entryRow(entry),
    };
  });
  const { rows: refresh } = await sql<{ customer_id: string }>`
    with c as (
      select * from json_to_recordset(${JSON.stringify(rows)}::json) as c(idx int, id text, at timestamptz,
        customer_id text, kind text, points bigint, ref_type text, ref_id text, entry_key text)
    ), cancelled as (
      update orders o set status = 'cancelled', cancelled_at = c.at, points_deducted = o.points_earned
      from c where o.shop_id = ${shopId} and o.id = c.id
      returning o.*
    ), figures as (${figureChanges(sql`cancelled o`, -1)}
    ), cancel_entries as (
      select ${shopId}::text as shop_id, customer_id, kind, points, ref_type, ref_id, entry_key as idempotency_key,
             null::text as author, null::text as reason, at as created_at, idx as seq
      from c where entry_key is not null
    ), ${ledgerWrite(sql`cancel_entries`)}, ${takeCancelledFirstOrders(shopId)}
    ${firstOrdersToRefresh(shopId)}`.execute(trx);
  await refreshFirstOrders(
    trx,
    shopId,
    refresh.map((r) => r.customer_id),
  );
  const codes = await restoreUsedCodes(
    trx,
    shopId,
    cancellations.map(({ order }) => order.id),
    now,
  );
  return cancellations.map(({ order }, i) => ({
    outcome: 'applied',
    pointsDeducted: Math.max(0, nets[i]!),
    code: codes.get(order.id) ?? null,
  }));
}

/** The codes the orders used, each given back while still valid at `now`; by order. */
async function restoreUsedCodes(
  trx: Transaction<Database>,
  shopId: string,
  orderIds: string[],
  now: Date,
): Promise<Map<string, NonNullable<CancelResult['code']>>> {
  const used = await trx
    .selectFrom('discount_codes')
    .select(['code', 'status', 'expires_at', 'used_order_id'])
    .where('shop_id', '=', shopId)
    .where('used_order_id', 'in', orderIds)
    .where('status', '=', 'used')
    .orderBy('code')
    .forUpdate()
    .execute();
  const codes = new Map<string, NonNullable<CancelResult['code']>>();
  for (const code of used) {
    // An order uses one code; should it have more, the first is the one answered for and given back.
    if (!code.used_order_id || codes.has(code.used_order_id)) continue;
    const result = restoreOnCancel({ status: code.status, expiresAt: code.expires_at }, now);
    if (result === 'restored') await changeCodeStatus(trx, { to: 'restored', shopId, code: code.code });
    codes.set(code.used_order_id, { code: code.code, result });
  }
  return codes;
}
