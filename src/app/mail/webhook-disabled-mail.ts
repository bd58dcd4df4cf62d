import { sql } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../../db/connect.ts';
import { escapeHtml } from '../html/escape-html.ts';
import type { RenderedMessage, ShopMailContext } from './monthly-message.ts';

/**
 * The e-mail to a shop's owners when the service disables a webhook endpoint that has failed for
 * days (docs/webhooks.md): queued in the outbox by the transaction that disables it, one per
 * owner and disabling, and delivered like every other message.
 */

export const webhookDisabledPayloadSchema = z.object({
  endpointId: z.string(),
  url: z.string(),
  failingSince: z.string(),
});
export type WebhookDisabledPayload = z.infer<typeof webhookDisabledPayloadSchema>;

export async function queueWebhookDisabledMail(
  db: Executor,
  input: { shopId: string; endpointId: string; url: string; failingSince: Date; at: Date },
): Promise<number> {
  const payload: WebhookDisabledPayload = {
    endpointId: input.endpointId,
    url: input.url,
    failingSince: input.failingSince.toISOString(),
  };
  const key = `webhook_disabled:${input.endpointId}:${input.at.toISOString()}:`;
  const { rows } = await sql<{ n: number }>`
    insert into mail_outbox
      (shop_id, message_key, message_id, kind, customer_id, recipient, payload, next_attempt_at, created_at)
    select ${input.shopId}::text, ${key}::text || u.id, md5(${input.shopId}::text || '/' || ${key}::text || u.id),
      'webhook_disabled', null, u.email, ${JSON.stringify(payload)}::jsonb, ${input.at}::timestamptz, ${input.at}::timestamptz
    from admin_users u
    where u.shop_id = ${input.shopId}::text and u.role = 'owner'
    on conflict (shop_id, message_key) do nothing
    returning 1 as n`.execute(db);
  return rows.length;
}

export function renderWebhookDisabledMessage(
  payload: WebhookDisabledPayload,
  shop: ShopMailContext,
): RenderedMessage {
  const fi = shop.language === 'fi';
  const subject = fi
    ? `Webhook-osoite poistettiin käytöstä – ${shop.shopName}`
    : `A webhook endpoint was disabled – ${shop.shopName}`;
  const since = new Date(payload.failingSince).toISOString().slice(0, 16).replace('T', ' ');
  const lines = fi
    ? [
        `Kanta-asiakasohjelman webhook-osoite ${payload.url} ei ole vastannut onnistuneesti ${since} UTC jälkeen, joten se poistettiin käytöstä.`,
        'Tapahtumia ei lähetetä siihen ennen kuin otat sen uudelleen käyttöön ylläpidon Webhookit-sivulla; jo jonossa olevat tapahtumat lähetetään silloin.',
      ]
    : [
        `The loyalty program's webhook endpoint ${payload.url} has not answered successfully since ${since} UTC, so it was disabled.`,
        'No events are sent to it until you enable it again on the admin’s Webhooks page; the events already queued are sent then.',
      ];
  return {
    subject,
    text: `${lines.join('\n\n')}\n`,
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n'),
  };
}
