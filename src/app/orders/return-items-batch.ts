import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { Order, OrderLine } from '../../db/schema.ts';
import { campaignWeightKept } from '../../domain/campaigns/campaign-weight.ts';
import { eligibleLinesKept } from '../../domain/earning/eligible-amount.ts';
import { returnDeduction, returnedAfter } from '../../domain/earning/return-points.ts';
import { DomainError } from '../../domain/errors.ts';
import { returnEntry } from '../../domain/ledger/entries.ts';
import { ledgerWrite } from '../ledger/ledger-writer.ts';
import { entryRow } from './entry-row.ts';
import { amountsOf } from './order-amounts.ts';

export interface ReturnInput {
  shopId: string;
  orderId: string;
  /** The store's id of this return; the same return reported twice is applied once. */
  returnId: string;
  lines: { lineNo: number; quantity: number }[];
  returnedAt?: Date;
}

export interface ReturnResult {
  outcome: 'applied' | 'duplicate';
  pointsDeducted: number;
  keptEligibleCents: number;
}

/** A return recorded before: the order it was for and what it deducted then. */
export interface PreviousReturn {
  order_id: string;
  points_deducted: number;
}

/** A return decided on its order, locked, ready to write. */
export interface DecidedReturn {
  input: ReturnInput;
  at: Date;
  order: Order;
  /** The lines whose returned units change, with their new count. */
  changedLines: { lineNo: number; returnedQuantity: number }[];
  kept: number;
  /** What campaigns add to the kept lines' points, at their multipliers. */
  keptWeight: number;
  deduction: number;
}

/** The returns of these ids recorded before, by id. */
export async function previousReturns(
  db: Executor,
  shopId: string,
  returnIds: string[],
): Promise<Map<string, PreviousReturn>> {
  if (returnIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('order_returns')
    .select(['id', 'order_id', 'points_deducted'])
    .where('shop_id', '=', shopId)
    .where('id', 'in', returnIds)
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * The answer to a return reported before (what it deducted then), or undefined when it is new.
 * A return id already used for another order is refused.
 */
export function repeatedReturn(
  input: ReturnInput,
  order: Order,
  previous: PreviousReturn | undefined,
): ReturnResult | undefined {
  if (!previous) return undefined;
  if (previous.order_id !== input.orderId) throw returnOfAnotherOrder(input.returnId);
  return {
    outcome: 'duplicate',
    pointsDeducted: previous.points_deducted,
    keptEligibleCents: order.kept_eligible_cents,
  };
}

const returnOfAnotherOrder = (returnId: string) =>
  new DomainError('order_conflict', `Return "${returnId}" belongs to another order`);

/**
 * Decides a new return on its order as it is now: the units returned per line, the eligible
 * amount kept and, for a delivered order, the points to take back. A return before delivery
 * simply lowers what delivery will credit, so the balance ends the same whichever of the two
 * events arrives first.
 */
export function decideReturn(input: ReturnInput, at: Date, order: Order, lines: OrderLine[]): DecidedReturn {
  if (order.status === 'cancelled') {
    throw new DomainError(
      'order_cancelled',
      `Order "${input.orderId}" was cancelled; nothing can be returned`,
    );
  }
  const returned = returnedAfter(
    lines.map((l) => ({ lineNo: l.line_no, quantity: l.quantity, returnedQuantity: l.returned_quantity })),
    input.lines,
  );
  const keptLines = eligibleLinesKept(amountsOf(order, lines), returned);
  const kept = keptLines.reduce((sum, cents) => sum + cents, 0);
  const keptWeight = campaignWeightKept(
    keptLines,
    lines.map((l) => l.multiplier_pct),
  );
  const deduction =
    order.status === 'delivered' && order.ratio_cents
      ? returnDeduction({
          earnedPoints: order.points_earned,
          alreadyDeducted: order.points_deducted,
          keptEligibleCents: kept,
          keptCampaignWeight: keptWeight,
          ratioCents: order.ratio_cents,
        })
      : 0;
  const changedLines = lines
    .map((l, i) => ({ lineNo: l.line_no, returnedQuantity: returned[i]!, before: l.returned_quantity }))
    .filter((l) => l.returnedQuantity !== l.before)
    .map(({ lineNo, returnedQuantity }) => ({ lineNo, returnedQuantity }));
  return { input, at, order, changedLines, kept, keptWeight, deduction };
}

export const appliedReturn = (r: DecidedReturn): ReturnResult => ({
  outcome: 'applied',
  pointsDeducted: r.deduction,
  keptEligibleCents: r.kept,
});

/**
 * The returns' one statement: each return recorded, its lines' returned units, what its order
 * keeps and has had deducted, and its entry through the ledger's writer. A return whose id was
 * taken meanwhile (by another order: the order's lock keeps its own returns in line) writes
 * nothing and is refused with `order_conflict`. Orders and return ids must be distinct.
 */
export async function writeReturns(
  db: Executor,
  returns: DecidedReturn[],
): Promise<(ReturnResult | DomainError)[]> {
  if (returns.length === 0) return [];
  const { rows: returnRows, lines } = rowsOfReturns(returns);
  const { rows } = await sql<{ recorded: boolean }>`
    with r as (
      select * from json_to_recordset(${JSON.stringify(returnRows)}::json) as r(idx int, shop_id text, id text,
        order_id text, lines jsonb, kept bigint, kept_weight bigint, deducted bigint, total_deducted bigint, created_at timestamptz,
        customer_id text, kind text, points bigint, ref_type text, ref_id text, entry_key text)
    ), recorded as (
      insert into order_returns (shop_id, id, order_id, lines, points_deducted, created_at)
      select shop_id, id, order_id, lines, deducted, created_at from r order by shop_id, id
      on conflict (shop_id, id) do nothing
      returning shop_id, id
    ), kept as (
      update orders o set kept_eligible_cents = r.kept, kept_campaign_weight = r.kept_weight,
        points_deducted = r.total_deducted
      from r join recorded x on x.shop_id = r.shop_id and x.id = r.id
      where o.shop_id = r.shop_id and o.id = r.order_id
      returning o.id
    ), returned_lines as (
      update order_lines l set returned_quantity = c.returned_quantity
      from json_to_recordset(${JSON.stringify(lines)}::json) as c(shop_id text, return_id text, order_id text,
        line_no int, returned_quantity int)
      join recorded x on x.shop_id = c.shop_id and x.id = c.return_id
      where l.shop_id = c.shop_id and l.order_id = c.order_id and l.line_no = c.line_no
      returning l.line_no
    ), return_entries as (
      select r.shop_id, r.customer_id, r.kind, r.points, r.ref_type, r.ref_id, r.entry_key as idempotency_key,
             null::text as author, null::text as reason, r.created_at, r.idx as seq
      from r join recorded x on x.shop_id = r.shop_id and x.id = r.id
      where r.entry_key is not null
    ), ${ledgerWrite(sql`return_entries`)}
    select x.id is not null as recorded
    from r left join recorded x on x.shop_id = r.shop_id and x.id = r.id
    order by r.idx`.execute(db);
  return returns.map((r, i) =>
    rows[i]!.recorded ? appliedReturn(r) : returnOfAnotherOrder(r.input.returnId),
  );
}

/** The rows of the returns (with each one's entry, if it takes points back) and of their changed lines. */
function rowsOfReturns(returns: DecidedReturn[]) {
  const rows = returns.map(({ input, at, order, kept, keptWeight, deduction }, idx) => {
    const entry =
      deduction > 0 && order.customer_id
        ? returnEntry({
            shopId: input.shopId,
            customerId: order.customer_id,
            returnId: input.returnId,
            points: -deduction,
            at,
          })
        : null;
    return {
      idx,
      shop_id: input.shopId,
      id: input.returnId,
      order_id: input.orderId,
      lines: input.lines,
      kept,
      kept_weight: keptWeight,
      deducted: deduction,
      total_deducted: order.points_deducted + deduction,
      created_at: at,
      ...entryRow(entry),
    };
  });
  const lines = returns.flatMap(({ input, changedLines }) =>
    changedLines.map((l) => ({
      shop_id: input.shopId,
      return_id: input.returnId,
      order_id: input.orderId,
      line_no: l.lineNo,
      returned_quantity: l.returnedQuantity,
    })),
  );
  return { rows, lines };
}
