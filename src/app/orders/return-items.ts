import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { lockOrder } from './lock-order.ts';
import { orderLines } from './order-amounts.ts';
import {
  decideReturn,
  previousReturns,
  type ReturnInput,
  type ReturnResult,
  repeatedReturn,
  writeReturns,
} from './return-items-batch.ts';

export type { ReturnInput, ReturnResult };

/**
 * Records returned units. A delivered order's points are recomputed on what is kept and the
 * difference deducted; a return before delivery simply lowers what delivery will credit, so the
 * balance ends the same whichever of the two events arrives first. Decided and written as a bulk
 * request's returns are (`decideReturn`, `writeReturns`), under the order's row lock.
 */
export function returnItems(ctx: AppContext, input: ReturnInput): Promise<ReturnResult> {
  const at = input.returnedAt ?? ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, input.shopId, input.orderId);
    const previous = await previousReturns(trx, input.shopId, [input.returnId]);
    const repeated = repeatedReturn(input, order, previous.get(input.returnId));
    if (repeated) return repeated;
    const decided = decideReturn(input, at, order, await orderLines(trx, input.shopId, input.orderId));
    const [written] = await writeReturns(trx, [decided]);
    if (written instanceof DomainError) throw written;
    return written!;
  });
}
