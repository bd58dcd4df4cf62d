import type { Transaction } from 'kysely';
import type { Database, Order } from '../../db/schema.ts';
import { eligibleCentsKept } from '../../domain/earning/eligible-amount.ts';
import { returnDeduction, returnedAfter } from '../../domain/earning/return-points.ts';
import { DomainError } from '../../domain/errors.ts';
import { returnEntry } from '../../domain/ledger/entries.ts';
import type { AppContext } from '../context.ts';
import { postEntry } from '../ledger/ledger-writer.ts';
import { lockOrder } from './lock-order.ts';
import { amountsOf, orderLines } from './order-amounts.ts';

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

/**
 * Records returned units. A delivered order's points are recomputed on what is kept and the
 * difference deducted; a return before delivery simply lowers what delivery will credit, so the
 * balance ends the same whichever of the two events arrives first.
 */
export function returnItems(ctx: AppContext, input: ReturnInput): Promise<ReturnResult> {
  const at = input.returnedAt ?? ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, input.shopId, input.orderId);
    const previous = await previousReport(trx, input, order);
    if (previous) return previous;
    if (order.status === 'cancelled') {
      throw new DomainError(
        'order_cancelled',
        `Order "${input.orderId}" was cancelled; nothing can be returned`,
      );
    }
    const lines = await orderLines(trx, input.shopId, input.orderId);
    const returned = returnedAfter(
      lines.map((l) => ({ lineNo: l.line_no, quantity: l.quantity, returnedQuantity: l.returned_quantity })),
      input.lines,
    );
    const kept = eligibleCentsKept(amountsOf(order, lines), returned);
    const deduction =
      order.status === 'delivered' && order.ratio_cents
        ? returnDeduction({
            earnedPoints: order.points_earned,
            alreadyDeducted: order.points_deducted,
            keptEligibleCents: kept,
            ratioCents: order.ratio_cents,
          })
        : 0;
    const changedLines = lines
      .map((l, i) => ({ lineNo: l.line_no, returnedQuantity: returned[i]!, before: l.returned_quantity }))
      .filter((l) => l.returnedQuantity !== l.before);
    await writeReturn(trx, input, at, { order, changedLines, kept, deduction });
    return { outcome: 'applied', pointsDeducted: deduction, keptEligibleCents: kept };
  });
}

/** The answer to a return reported before: what it deducted then. */
async function previousReport(
  trx: Transaction<Database>,
  input: ReturnInput,
  order: Order,
): Promise<ReturnResult | undefined> {
  const previous = await trx
    .selectFrom('order_returns')
    .select(['order_id', 'points_deducted'])
    .where('shop_id', '=', input.shopId)
    .where('id', '=', input.returnId)
    .executeTakeFirst();
  if (!previous) return undefined;
  if (previous.order_id !== input.orderId) {
    throw new DomainError('order_conflict', `Return "${input.returnId}" belongs to another order`);
  }
  return {
    outcome: 'duplicate',
    pointsDeducted: previous.points_deducted,
    keptEligibleCents: order.kept_eligible_cents,
  };
}

/** The return's writes: the lines' returned units, what the order keeps, the return, its entry. */
async function writeReturn(
  trx: Transaction<Database>,
  input: ReturnInput,
  at: Date,
  decided: {
    order: Order;
    changedLines: { lineNo: number; returnedQuantity: number }[];
    kept: number;
    deduction: number;
  },
): Promise<void> {
  const { order, kept, deduction } = decided;
  for (const line of decided.changedLines) {
    await trx
      .updateTable('order_lines')
      .set({ returned_quantity: line.returnedQuantity })
      .where('shop_id', '=', input.shopId)
      .where('order_id', '=', input.orderId)
      .where('line_no', '=', line.lineNo)
      .execute();
  }
  await trx
    .updateTable('orders')
    .set({ kept_eligible_cents: kept, points_deducted: order.points_deducted + deduction })
    .where('shop_id', '=', input.shopId)
    .where('id', '=', input.orderId)
    .execute();
  await trx
    .insertInto('order_returns')
    .values({
      shop_id: input.shopId,
      id: input.returnId,
      order_id: input.orderId,
      lines: JSON.stringify(input.lines),
      points_deducted: deduction,
      created_at: at,
    })
    .execute();
  if (deduction > 0 && order.customer_id) {
    await postEntry(
      trx,
      returnEntry({
        shopId: input.shopId,
        customerId: order.customer_id,
        returnId: input.returnId,
        points: -deduction,
        at,
      }),
    );
  }
}
