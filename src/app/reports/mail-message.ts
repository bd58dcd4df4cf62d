import type { AppContext } from '../context.ts';
import { type MailDefaults, shopMailContexts } from '../mail/mail-settings.ts';
import { monthlyPayloadSchema, type RenderedMessage } from '../mail/monthly-message.ts';
import { type OutboxEntry, outboxEntries, outboxEntryOf } from '../mail/outbox.ts';
import { renderOutboxMessage } from '../mail/render-outbox.ts';

export interface MailMessageView extends OutboxEntry {
  /** The month the message is about (null for a reminder). */
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
  const row = await outboxEntries(ctx.db, shopId)
    .select(['payload', 'kind'])
    .where('message_key', '=', messageKey)
    .executeTakeFirst();
  if (!row) return null;
  const payload = monthlyPayloadSchema.safeParse(row.payload);
  const shop = (await shopMailContexts(ctx.db, [shopId], defaults)).get(shopId);
  return {
    ...outboxEntryOf(row),
    period: payload.success ? payload.data.period : null,
    rendered: shop ? renderedOrNull(row, shop) : null,
  };
}

function renderedOrNull(
  row: Parameters<typeof renderOutboxMessage>[0],
  shop: Parameters<typeof renderOutboxMessage>[1],
): RenderedMessage | null {
  try {
    return renderOutboxMessage(row, shop);
  } catch {
    return null;
  }
}
