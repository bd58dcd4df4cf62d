import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import { statusesThatMayBecome } from '../../domain/codes/code-state.ts';

/**
 * The only code that writes discount codes (`npm run check:layers` fails on any other): codes are
 * issued here and change status here, and every change is held to the code state machine
 * (src/domain/codes/code-state.ts) at run time, in the UPDATE's condition, so no writer can move
 * a code along a transition the rules do not allow.
 */

/** A change of a stored code's status. */
export type CodeStatusChange =
  /** Spent on an order: only a code that may become used and has not expired at `at`. */
  | { to: 'used'; shopId: string; code: string; orderId: string; at: Date }
  /** Given back when the order that spent it is cancelled. */
  | { to: 'restored'; shopId: string; code: string };

/** Applies the change; false when the code's status (or expiry) does not allow it. */
export async function changeCodeStatus(db: Executor, change: CodeStatusChange): Promise<boolean> {
  const set =
    change.to === 'used'
      ? { status: 'used' as const, used_order_id: change.orderId, used_at: change.at }
      : { status: 'restored' as const, used_order_id: null, used_at: null };
  let update = db
    .updateTable('discount_codes')
    .set(set)
    .where('shop_id', '=', change.shopId)
    .where('code', '=', change.code)
    .where('status', 'in', statusesThatMayBecome(change.to));
  if (change.to === 'used') update = update.where('expires_at', '>', change.at);
  const changed = await update.returning('code').executeTakeFirst();
  return changed !== undefined;
}

/**
 * Voids the customer's codes that could still be spent at `at` (`voidedOnErasure`: a status that
 * may become voided, not expired), when the customer is erased. Returns the codes voided.
 */
export async function voidCustomerCodes(
  db: Executor,
  input: { shopId: string; customerId: string; at: Date },
): Promise<string[]> {
  const rows = await db
    .updateTable('discount_codes')
    .set({ status: 'voided' })
    .where('shop_id', '=', input.shopId)
    .where('customer_id', '=', input.customerId)
    .where('status', 'in', statusesThatMayBecome('voided'))
    .where('expires_at', '>', input.at)
    .returning('code')
    .execute();
  return rows.map((r) => r.code).sort();
}

/**
 * The insert that issues the codes of the relation `chosen` (customer_id, code, value_cents,
 * points) for a month; a member who has a code for the month already gets none (the unique
 * (shop, customer, month) key). Returns customer_id, code, points, value_cents and expires_at of
 * the codes issued.
 */
export function issueMonthlyCodes(
  chosen: RawBuilder<unknown>,
  input: { shopId: string; month: string; issuedAt: Date; expiresAt: Date },
): RawBuilder<unknown> {
  return sql`
    insert into discount_codes (shop_id, code, customer_id, period, value_cents, points, issued_at, expires_at)
    select ${input.shopId}::text, c.code, c.customer_id, ${input.month}::text, c.value_cents, c.points,
           ${input.issuedAt}::timestamptz, ${input.expiresAt}::timestamptz
    from ${chosen}
    on conflict (shop_id, customer_id, period) do nothing
    returning customer_id, code, points, value_cents, expires_at`;
}
