import type { JoinSource } from '../../db/schema.ts';
import { joinPointsDue } from '../../domain/earning/join-points.ts';
import { DomainError } from '../../domain/errors.ts';
import { joinEntry, joinKey } from '../../domain/ledger/entries.ts';
import { isMember } from '../../domain/members/is-member.ts';
import type { AppContext } from '../context.ts';
import { currentBalance, isPosted } from '../ledger/balance.ts';
import { openBalance, postEntry } from '../ledger/ledger-writer.ts';
import { loadProgram } from '../program/load-program.ts';
import { queueEvent } from '../webhooks/event-outbox.ts';
import { lockCustomer } from './lock-customer.ts';

export interface JoinResult {
  memberNumber: number;
  pointsCredited: number;
  balance: number;
}

/**
 * Makes a customer a member. Join points are paid once per customer, ever: leaving and joining
 * again makes them a member again without paying twice. Joining while a member is refused.
 */
export async function joinProgram(
  ctx: AppContext,
  input: { shopId: string; customerId: string; source: JoinSource },
): Promise<JoinResult> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const program = await loadProgram(trx, input.shopId);
    await lockCustomer(trx, input.shopId, input.customerId);
    const member = await trx
      .selectFrom('members')
      .select(['member_number', 'joined_at', 'left_at'])
      .where('shop_id', '=', input.shopId)
      .where('customer_id', '=', input.customerId)
      .executeTakeFirst();
    if (isMember(member ? { joinedAt: member.joined_at, leftAt: member.left_at } : null)) {
      throw new DomainError('already_member', `Customer "${input.customerId}" is already a member`);
    }
    let memberNumber: number;
    if (member) {
      await trx
        .updateTable('members')
        .set({ left_at: null, joined_at: now, join_source: input.source })
        .where('shop_id', '=', input.shopId)
        .where('customer_id', '=', input.customerId)
        .execute();
      memberNumber = member.member_number;
    } else {
      const inserted = await trx
        .insertInto('members')
        .values({
          shop_id: input.shopId,
          customer_id: input.customerId,
          join_source: input.source,
          joined_at: now,
          left_at: null,
        })
        .returning('member_number')
        .executeTakeFirstOrThrow();
      memberNumber = inserted.member_number;
      await openBalance(trx, input.shopId, input.customerId, now);
    }
    // Queued before the join points, so an endpoint hears of the member before their points.
    await queueEvent(trx, {
      shopId: input.shopId,
      type: 'member.joined',
      customerId: input.customerId,
      data: { customerId: input.customerId, memberNumber, source: input.source },
      at: now,
    });
    const points = joinPointsDue({
      joinPoints: program.settings.joinPoints,
      alreadyPaid: await isPosted(trx, input.shopId, joinKey(input.customerId)),
    });
    if (points > 0) {
      await postEntry(
        trx,
        joinEntry({ shopId: input.shopId, customerId: input.customerId, points, at: now }),
      );
    }
    const balance = await currentBalance(trx, input.shopId, input.customerId);
    return { memberNumber, pointsCredited: points, balance };
  });
}

export async function leaveProgram(
  ctx: AppContext,
  input: { shopId: string; customerId: string },
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const left = await trx
      .updateTable('members')
      .set({ left_at: now })
      .where('shop_id', '=', input.shopId)
      .where('customer_id', '=', input.customerId)
      .where('left_at', 'is', null)
      .returning('customer_id')
      .executeTakeFirst();
    if (!left) throw new DomainError('not_a_member', `Customer "${input.customerId}" is not a member`);
    await queueEvent(trx, {
      shopId: input.shopId,
      type: 'member.left',
      customerId: input.customerId,
      data: { customerId: input.customerId },
      at: now,
    });
  });
}
