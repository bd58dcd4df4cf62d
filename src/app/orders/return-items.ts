import { eligibleCentsKept } from '../../domain/earning/eligible-amount.ts';
import { returnDeduction } from '../../domain/earning/return-points.ts';
import { DomainError, type FieldError } from '../../domain/errors.ts';
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
    const previous = await trx
      .selectFrom('order_returns')
      .select(['order_id', 'points_deducted'])
      .where('shop_id', '=', input.shopId)
      .where('id', '=', input.returnId)
      .executeTakeFirst();
    if (previous) {
      if (previous.order_id !== input.orderId) {
        throw new DomainError('order_conflict', `Return "${input.returnId}" belongs to another order`);
      }
      return {
        outcome: 'duplicate',
        pointsDeducted: previous.points_deducted,
        keptEligibleCents: order.kept_eligible_cents,
      };
    }
    if (order.status === 'cancelled') {
      throw new DomainError(
        'order_cancelled',
        `Order "${input.orderId}" was cancelled; nothing can be returned`,
      );
    }
    const lines = await orderLines(trx, input.shopId, input.orderId);
    const returned = lines.map((l) => l.returned_quantity);
    const errors: FieldError[] = [];
    input.lines.forEach((r, i) => {
      const index = lines.findIndex((l) => l.line_no === r.lineNo);
      if (index < 0) {
        errors.push({ field: `lines.${i}.lineNo`, message: `The order has no line ${r.lineNo}` });
      } else if (!Number.isSafeInteger(r.quantity) || r.quantity <= 0) {
        errors.push({
          field: `lines.${i}.quantity`,
          message: 'The quantity returned must be a positive whole number',
        });
      } else {
        returned[index]! += r.quantity;
        if (returned[index]! > lines[index]!.quantity) {
          errors.push({
            field: `lines.${i}.quantity`,
            message: `Line ${r.lineNo} had ${lines[index]!.quantity} units and ${lines[index]!.returned_quantity} were already returned`,
          });
        }
      }
    });
    if (input.lines.length === 0) errors.push({ field: 'lines', message: 'Name at least one returned line' });
    if (errors.length) {
      const code = errors.some((e) => e.message.includes('already returned'))
        ? 'return_exceeds_order'
        : 'invalid_input';
      throw new DomainError(code, 'The return does not match the order', errors);
    }
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
    for (const [index, line] of lines.entries()) {
      if (returned[index] !== line.returned_quantity) {
        await trx
          .updateTable('order_lines')
          .set({ returned_quantity: returned[index]! })
          .where('shop_id', '=', input.shopId)
          .where('order_id', '=', input.orderId)
          .where('line_no', '=', line.line_no)
          .execute();
      }
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
    return { outcome: 'applied', pointsDeducted: deduction, keptEligibleCents: kept };
  });
}
