import type { OutboxRow } from '../../db/tables-monthly.ts';
import {
  monthlyPayloadSchema,
  type RenderedMessage,
  renderMonthlyMessage,
  type ShopMailContext,
} from './monthly-message.ts';
import { reminderPayloadSchema, renderReminderMessage } from './reminder-message.ts';
import { renderWebhookDisabledMessage, webhookDisabledPayloadSchema } from './webhook-disabled-mail.ts';

/** An outbox row's message, rendered by its kind from what the row holds. */
export function renderOutboxMessage(
  row: { kind: OutboxRow['kind']; payload: unknown },
  shop: ShopMailContext,
): RenderedMessage {
  switch (row.kind) {
    case 'monthly':
      return renderMonthlyMessage(monthlyPayloadSchema.parse(row.payload), shop);
    case 'reminder':
      return renderReminderMessage(reminderPayloadSchema.parse(row.payload), shop);
    case 'webhook_disabled':
      return renderWebhookDisabledMessage(webhookDisabledPayloadSchema.parse(row.payload), shop);
    default:
      throw new Error(`No renderer for a message of kind "${String(row.kind)}"`);
  }
}
