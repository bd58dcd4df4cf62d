/**
 * The events a shop's webhook endpoints can subscribe to (docs/webhooks.md lists each one's
 * `data`). An endpoint chooses among them; each event is queued for the endpoints that chose its
 * type, in the same transaction as the change it tells of.
 */
export const WEBHOOK_EVENT_TYPES = [
  'member.joined',
  'member.left',
  'points.credited',
  'points.debited',
  'code.issued',
  'code.redeemed',
  'code.restored',
  'code.expired',
  'campaign.started',
  'campaign.ended',
  'program.published',
  'program.hidden',
  'monthly_run.finished',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** An event as the use case that caused it describes it; `data` is the body's `data`. */
export interface WebhookEvent {
  shopId: string;
  type: WebhookEventType;
  /** The member the event is about: a member's events reach an endpoint in their order. */
  customerId: string | null;
  data: Record<string, unknown>;
  at: Date;
}

/**
 * The body every endpoint receives for an event (the Standard Webhooks shape: `type`,
 * `timestamp`, `data`), with the event's id and the shop.
 */
export function webhookBody(eventId: string, event: WebhookEvent): Record<string, unknown> {
  return {
    id: eventId,
    type: event.type,
    timestamp: event.at.toISOString(),
    shop: event.shopId,
    data: event.data,
  };
}
