import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { OutboxRow } from '../../db/tables-monthly.ts';

/**
 * The outbox's statements for a delivery run (src/mail/deliver-pending-mail.ts describes the
 * protocol): claim due messages with a lease, hand them over just before the point of no return
 * (the fence), record what became of them.
 */

/** A message claimed for delivery. */
export interface ClaimedRow {
  shop_id: string;
  message_key: string;
  message_id: string;
  recipient: string;
  kind: OutboxRow['kind'];
  payload: unknown;
  attempts: number;
}

export type Key = { shopId: string; messageKey: string };

/** Messages left 'sending' by a sender whose lease ran out: it died after handing them over. */
export async function markVanishedSenders(db: Db, now: Date): Promise<number> {
  const result = await db
    .updateTable('mail_outbox')
    .set({
      status: 'unknown',
      last_error: 'The sender stopped after handing the message over; it was probably delivered',
    })
    .where('status', '=', 'sending')
    .where('lease_until', '<', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function claimOutboxRows(
  db: Db,
  input: { token: string; now: Date; leaseMs: number; limit: number; shopId: string | undefined },
): Promise<ClaimedRow[]> {
  const shopFilter = input.shopId === undefined ? sql`` : sql`and shop_id = ${input.shopId}`;
  const { rows } = await sql<ClaimedRow>`
    update mail_outbox o
    set lease_token = ${input.token}, lease_until = ${new Date(input.now.getTime() + input.leaseMs)},
        attempts = o.attempts + 1
    from (
      select shop_id, message_key from mail_outbox
      where status = 'pending' and next_attempt_at <= ${input.now}
        and (lease_until is null or lease_until <= ${input.now}) ${shopFilter}
      order by next_attempt_at
      limit ${input.limit}
      for update skip locked
    ) due
    where o.shop_id = due.shop_id and o.message_key = due.message_key
    returning o.shop_id, o.message_key, o.message_id, o.recipient, o.kind, o.payload, o.attempts`.execute(db);
  return rows;
}

/** The fence: 'sending' only for rows this sender still holds; returns the keys it may deliver. */
export async function handOverOutboxRows(
  db: Db,
  token: string,
  now: Date,
  keys: Key[],
): Promise<Set<string>> {
  const { rows } = await sql<{ shop_id: string; message_key: string }>`
    update mail_outbox o set status = 'sending', handed_at = ${now}
    from unnest(${keys.map((k) => k.shopId)}::text[], ${keys.map((k) => k.messageKey)}::text[]) as k(shop_id, message_key)
    where o.shop_id = k.shop_id and o.message_key = k.message_key
      and o.lease_token = ${token} and o.status = 'pending'
    returning o.shop_id, o.message_key`.execute(db);
  return new Set(rows.map((r) => keyString({ shopId: r.shop_id, messageKey: r.message_key })));
}

export const keyString = (key: Key) => `${key.shopId}\u0000${key.messageKey}`;

/** What became of one message, as recorded on its row. */
export interface OutcomeRow {
  shop: string;
  key: string;
  status: string;
  path: string | null;
  error: string | null;
  next: Date | null;
}

/** Records the outcomes of the messages this sender (`token`) still holds; ends their leases. */
export async function recordOutboxOutcomes(
  db: Db,
  token: string,
  now: Date,
  rows: OutcomeRow[],
): Promise<void> {
  await sql`
    update mail_outbox o
    set status = v.status,
        sent_at = case when v.status in ('sent', 'kept') then ${now}::timestamptz else o.sent_at end,
        kept_path = coalesce(v.path, o.kept_path),
        last_error = case when v.status in ('sent', 'kept') then null else v.error end,
        next_attempt_at = coalesce(v.next, o.next_attempt_at),
        lease_until = null
    from unnest(${rows.map((r) => r.shop)}::text[], ${rows.map((r) => r.key)}::text[], ${rows.map((r) => r.status)}::text[],
                ${rows.map((r) => r.path)}::text[], ${rows.map((r) => r.error)}::text[], ${rows.map((r) => r.next)}::timestamptz[])
         as v(shop_id, message_key, status, path, error, next)
    where o.shop_id = v.shop_id and o.message_key = v.message_key and o.lease_token = ${token}`.execute(db);
}
