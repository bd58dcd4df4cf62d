import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import { adjustmentErrors, assertBalanceAfterAdjustment } from '../../domain/ledger/adjustment.ts';
import { adjustmentEntry, adjustmentKey } from '../../domain/ledger/entries.ts';
import type { AppContext } from '../context.ts';
import { currentBalance, isPosted, lockedBalance } from './balance.ts';
import { postEntry } from './ledger-writer.ts';

export interface AdjustInput {
  shopId: string;
  customerId: string;
  /** Positive adds points, negative removes them. */
  points: number;
  reason: string;
  /** Who made the change: an admin user's or an API key's name. */
  author: string;
  /** A client's idempotency key; without one every call is a new adjustment. */
  idempotencyKey?: string;
}

export interface AdjustResult {
  outcome: 'applied' | 'duplicate';
  entryId: number | null;
  balance: number;
}

/** A merchant's manual change of a member's points, with a mandatory reason and a recorded author. */
export async function adjustPoints(ctx: AppContext, input: AdjustInput): Promise<AdjustResult> {
  const reason = input.reason?.trim() ?? '';
  if (!reason) {
    throw new DomainError('reason_required', 'Give a reason for the adjustment', [
      { field: 'reason', message: 'A reason is required' },
    ]);
  }
  const errors = adjustmentErrors(input.points, reason);
  if (errors.length > 0) throw new DomainError('invalid_input', 'The adjustment is not valid', errors);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const member = await trx
      .selectFrom('members')
      .select('customer_id')
      .where('shop_id', '=', input.shopId)
      .where('customer_id', '=', input.customerId)
      .executeTakeFirst();
    if (!member) throw new DomainError('member_not_found', `Customer "${input.customerId}" is not a member`);
    const requestKey = input.idempotencyKey ?? randomUUID();
    const key = adjustmentKey(requestKey);
    // The balance row is locked until the entry is posted, so two adjustments cannot both pass the bound.
    const current = await lockedBalance(trx, input.shopId, input.customerId);
    const repeated = input.idempotencyKey !== undefined && (await isPosted(trx, input.shopId, key));
    if (!repeated) assertBalanceAfterAdjustment(current, input.points);
    const posted = await postEntry(
      trx,
      adjustmentEntry({
        shopId: input.shopId,
        customerId: input.customerId,
        points: input.points,
        requestKey,
        author: input.author,
        reason,
        at: now,
      }),
    );
    if (posted.posted) return { outcome: 'applied', entryId: posted.entryId, balance: posted.balance! };
    return {
      outcome: 'duplicate',
      entryId: null,
      balance: await currentBalance(trx, input.shopId, input.customerId),
    };
  });
}
