import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { RowOf } from '../../db/row-of.ts';
import type { MailStatus } from '../../db/tables-monthly.ts';
import type { AppContext } from '../context.ts';
import { pageBefore } from '../reports/paging.ts';

export type { MailStatus };

export interface OutboxEntry {
  messageKey: string;
  messageId: string;
  customerId: string | null;
  recipient: string;
  status: MailStatus;
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date;
  sentAt: Date | null;
  /** The .eml file of a message kept because no SMTP server is configured. */
  keptPath: string | null;
  lastError: string | null;
}

/** A shop's outbox rows with the columns of `OutboxEntry` (`outboxEntryOf` makes one of a row). */
export function outboxEntries(db: Db, shopId: string) {
  return db
    .selectFrom('mail_outbox')
    .select([
      'message_key',
      'message_id',
      'customer_id',
      'recipient',
      'status',
      'attempts',
      'created_at',
      'next_attempt_at',
      'sent_at',
      'kept_path',
      'last_error',
    ])
    .where('shop_id', '=', shopId);
}

export function outboxEntryOf(r: RowOf<typeof outboxEntries>): OutboxEntry {
  return {
    messageKey: r.message_key,
    messageId: r.message_id,
    customerId: r.customer_id,
    recipient: r.recipient,
    status: r.status,
    attempts: r.attempts,
    createdAt: r.created_at,
    nextAttemptAt: r.next_attempt_at,
    sentAt: r.sent_at,
    keptPath: r.kept_path,
    lastError: r.last_error,
  };
}

/**
 * A shop's e-mails for the admin, newest month first (the key starts 'monthly:<YYYY-MM>:'),
 * one page at a time: pass the last key seen as `before`.
 */
export async function listOutbox(
  ctx: AppContext,
  shopId: string,
  page: { limit: number; before?: string; status?: MailStatus },
): Promise<{ entries: OutboxEntry[]; nextBefore: string | null }> {
  let query = outboxEntries(ctx.db, shopId)
    .orderBy('message_key', 'desc')
    .limit(page.limit + 1);
  if (page.before !== undefined) query = query.where('message_key', '<', page.before);
  if (page.status !== undefined) query = query.where('status', '=', page.status);
  return pageBefore(await query.execute(), page.limit, outboxEntryOf, (e) => e.messageKey);
}

/** How many of a shop's messages are in each state. */
export async function outboxCounts(ctx: AppContext, shopId: string): Promise<Record<MailStatus, number>> {
  const { rows } = await sql<{ status: MailStatus; n: number }>`
    select status, count(*)::int as n from mail_outbox where shop_id = ${shopId} group by status`.execute(
    ctx.db,
  );
  const counts: Record<MailStatus, number> = {
    pending: 0,
    sending: 0,
    sent: 0,
    kept: 0,
    failed: 0,
    unknown: 0,
  };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

/**
 * Queues a failed or unknown message again, when the admin decides so (an unknown message was
 * probably delivered already; the member may get a second copy). Returns whether it was queued.
 */
export async function resendMail(ctx: AppContext, shopId: string, messageKey: string): Promise<boolean> {
  const now = ctx.clock.now();
  const result = await ctx.db
    .updateTable('mail_outbox')
    .set({ status: 'pending', next_attempt_at: now, lease_token: null, lease_until: null, attempts: 0 })
    .where('shop_id', '=', shopId)
    .where('message_key', '=', messageKey)
    .where('status', 'in', ['failed', 'unknown'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
