import type { Executor } from '../../db/connect.ts';
import type { OutboxRow } from '../../db/tables-monthly.ts';
import { monthlyMessageKey } from '../monthly/convert-batch.ts';
import { reminderMessageKey } from './reminder-message.ts';

/**
 * One customer's messages in the outbox. A message is a monthly letter, queued by a monthly run
 * under the key `monthlyMessageKey(month, customer)`, or a reminder of one of their codes
 * (`reminderMessageKey(code)`, listed in `code_reminders`), so they are found by those keys
 * through the outbox's primary key: the outbox has no index by customer, which would slow the
 * monthly run's million-row inserts.
 */
export async function customerMessages(
  db: Executor,
  shopId: string,
  customerId: string,
): Promise<OutboxRow[]> {
  const keys = await messageKeys(db, shopId, customerId);
  if (keys.length === 0) return [];
  return db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('message_key', 'in', keys)
    .where('customer_id', '=', customerId)
    .orderBy('message_key')
    .execute();
}

async function messageKeys(db: Executor, shopId: string, customerId: string): Promise<string[]> {
  const runs = await db
    .selectFrom('monthly_runs')
    .select('period')
    .where('shop_id', '=', shopId)
    .orderBy('period')
    .execute();
  const reminded = await db
    .selectFrom('code_reminders')
    .select('code')
    .where('shop_id', '=', shopId)
    .where('customer_id', '=', customerId)
    .orderBy('code')
    .execute();
  return [
    ...runs.map((r) => monthlyMessageKey(r.period, customerId)),
    ...reminded.map((r) => reminderMessageKey(r.code)),
  ];
}

export interface ErasedMessages {
  /** Messages still waiting to be sent, deleted: they will never go out. */
  cancelled: number;
  /** Messages kept as .eml files (no SMTP server): the files, for the caller to remove. */
  keptPaths: string[];
}

/**
 * Erases the customer from the outbox: a message not sent yet is deleted (cancelled), and of every
 * other message the address, the content and the error (which may quote the address) are replaced;
 * its key, status and times stay, so the shop's mail history still counts it.
 */
export async function eraseCustomerMessages(
  db: Executor,
  input: { shopId: string; customerId: string; tombstone: string },
): Promise<ErasedMessages> {
  const keys = await messageKeys(db, input.shopId, input.customerId);
  if (keys.length === 0) return { cancelled: 0, keptPaths: [] };
  const cancelled = await db
    .deleteFrom('mail_outbox')
    .where('shop_id', '=', input.shopId)
    .where('message_key', 'in', keys)
    .where('customer_id', '=', input.customerId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  // Locked first, so a sender finishing one of them now cannot set its file after it was read.
  const kept = await db
    .selectFrom('mail_outbox')
    .select('kept_path')
    .where('shop_id', '=', input.shopId)
    .where('message_key', 'in', keys)
    .where('customer_id', '=', input.customerId)
    .forUpdate()
    .execute();
  await db
    .updateTable('mail_outbox')
    .set({ recipient: input.tombstone, payload: '{}', last_error: null, kept_path: null })
    .where('shop_id', '=', input.shopId)
    .where('message_key', 'in', keys)
    .where('customer_id', '=', input.customerId)
    .execute();
  return {
    cancelled: Number(cancelled.numDeletedRows),
    keptPaths: kept.flatMap((r) => (r.kept_path ? [r.kept_path] : [])),
  };
}
