import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import { statusesThatMayBecome } from '../../domain/codes/code-state.ts';
import { newEventId, queueEventPerRow } from '../webhooks/event-outbox.ts';

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

/**
 * Applies the change; false when the code's status (or expiry) does not allow it. The change's
 * webhook event (`code.redeemed`, `code.restored`) is queued by the same statement; a restored
 * code's event is dated by its order's cancellation.
 */
export async function changeCodeStatus(db: Executor, change: CodeStatusChange): Promise<boolean> {
  const where = sql`shop_id = ${change.shopId}::text and code = ${change.code}::text
    and status in (${sql.join(statusesThatMayBecome(change.to).map((s) => sql`${s}::text`))})`;
  const changed =
    change.to === 'used'
      ? sql`changed as (update discount_codes set status = 'used', used_order_id = ${change.orderId}::text,
            used_at = ${change.at}::timestamptz
          where ${where} and expires_at > ${change.at}::timestamptz
          returning customer_id, code, value_cents, used_order_id as order_id, used_at as at)`
      : sql`before as (select used_order_id, used_at from discount_codes where shop_id = ${change.shopId}::text
            and code = ${change.code}::text
        ), changed as (update discount_codes set status = 'restored', used_order_id = null, used_at = null
          where ${where}
          returning customer_id, code, value_cents, (select used_order_id from before) as order_id,
            coalesce((select o.cancelled_at from before b join orders o
              on o.shop_id = ${change.shopId}::text and o.id = b.used_order_id), (select used_at from before)) as at)`;
  const { rows } = await sql<{ code: string }>`
    with ${changed}, ${queueEventPerRow({
      name: 'code_events',
      rows: 'changed',
      shopId: change.shopId,
      type: change.to === 'used' ? 'code.redeemed' : 'code.restored',
      key: sql`${newEventId()}::text`,
      data: sql`jsonb_build_object('customerId', r.customer_id, 'code', r.code, 'valueCents', r.value_cents,
        'orderId', r.order_id)`,
      at: sql`r.at`,
    })}
    select code from changed`.execute(db);
  return rows.length > 0;
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
