import type { MailStatus } from '../../db/tables-monthly.ts';
import type { AppContext } from '../context.ts';
import { type MailDefaults, shopMailContexts } from '../mail/mail-settings.ts';
import { monthlyPayloadSchema, type RenderedMessage, renderMonthlyMessage } from '../mail/monthly-message.ts';

export interface MailMessageView {
  messageKey: string;
  recipient: string;
  customerId: string | null;
  status: MailStatus;
  createdAt: Date;
  sentAt: Date | null;
  keptPath: string | null;
  lastError: string | null;
  /** The month the message is about. */
  period: string | null;
  /** What the message says, rendered from what was queued exactly as the sender renders it. */
  rendered: RenderedMessage | null;
}

/** One of the shop's e-mails with its content, or null when the shop has no such message. */
export async function mailMessage(
  ctx: AppContext,
  shopId: string,
  messageKey: string,
  defaults: MailDefaults,
): Promise<MailMessageView | null> {
  const row = await ctx.db
    .selectFrom('mail_outbox')
    .select([
      'message_key',
      'recipient',
      'customer_id',
      'status',
      'created_at',
      'sent_at',
      'kept_path',
      'last_error',
      'payload',
    ])
    .where('shop_id', '=', shopId)
    .where('message_key', '=', messageKey)
    .executeTakeFirst();
  if (!row) return null;
  const payload = monthlyPayloadSchema.safeParse(row.payload);
  const shop = (await shopMailContexts(ctx.db, [shopId], defaults)).get(shopId);
  return {
    messageKey: row.message_key,
    recipient: row.recipient,
    customerId: row.customer_id,
    status: row.status,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    keptPath: row.kept_path,
    lastError: row.last_error,
    period: payload.success ? payload.data.period : null,
    rendered: payload.success && shop ? renderMonthlyMessage(payload.data, shop) : null,
  };
}
