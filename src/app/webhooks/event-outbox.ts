import { randomBytes } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { WebhookEvent, WebhookEventType } from '../../domain/webhooks/event-types.ts';

/**
 * The outbox's one way in: an event becomes one delivery row per enabled endpoint of its shop
 * that chose its type, written by the statement or in the transaction of the change it tells of,
 * so it exists exactly when that change committed. A shop without such an endpoint writes nothing
 * (an index probe on `webhook_endpoints`). docs/webhooks.md.
 */

/** A new event id: 'evt_' and 26 characters of randomness (130 bits). */
export function newEventId(): string {
  return `evt_${randomBytes(17).toString('base64url').slice(0, 26)}`;
}

/** The moment as the body's ISO text in SQL (the same text `Date.toISOString` gives). */
export const isoText = (at: RawBuilder<unknown>) =>
  sql`to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The insert that queues the events of the relation `events`, which has the columns
 * `shop_id, event_id, event_type, customer_id, data (jsonb), created_at, ord` (ord: the order of
 * one member's events within the statement). Events already queued for an endpoint are skipped.
 */
export function queueEventsFrom(events: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`insert into webhook_deliveries
      (shop_id, endpoint_id, event_id, event_type, customer_id, payload, created_at, next_attempt_at)
    select ev.shop_id, w.id, ev.event_id, ev.event_type, ev.customer_id,
      jsonb_build_object('id', ev.event_id, 'type', ev.event_type, 'timestamp', ${isoText(sql`ev.created_at`)},
        'shop', ev.shop_id, 'data', ev.data),
      ev.created_at, ev.created_at
    from ${events}
    join webhook_endpoints w on w.shop_id = ev.shop_id and w.enabled and ev.event_type = any(w.event_types)
    order by ev.ord, w.id
    on conflict (shop_id, endpoint_id, event_id) where replay_of is null do nothing`;
}

/** Whether the shop has an enabled endpoint for the type (the guard of the set-based writes). */
export function subscribed(shopId: RawBuilder<unknown>, type: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`exists (select 1 from webhook_endpoints w where w.shop_id = ${shopId} and w.enabled
    and ${type} = any(w.event_types))`;
}

/** Queues one event, inside the caller's transaction (`db` is its handle). */
export async function queueEvent(db: Executor, event: WebhookEvent, eventId = newEventId()): Promise<void> {
  await queueEvents(db, [{ ...event, eventId }]);
}

/** Queues the events in their order, inside the caller's transaction, in one statement. */
export async function queueEvents(
  db: Executor,
  events: (WebhookEvent & { eventId: string })[],
): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map(
    (e, ord) => sql`(${e.shopId}::text, ${e.eventId}::text, ${e.type}::text, ${e.customerId}::text,
      ${JSON.stringify(e.data)}::jsonb, ${e.at}::timestamptz, ${ord}::int)`,
  );
  await sql`${queueEventsFrom(sql`(values ${sql.join(rows)}) as ev(shop_id, event_id, event_type, customer_id, data, created_at, ord)`)}`.execute(
    db,
  );
}

/**
 * The common-table expression `name` that queues one event of `type` for each row of the
 * relation `rows` (which has `customer_id`), with `data` built from the row (aliased `r`) and the
 * event's id from `key` (deterministic, so the same change never queues twice).
 */
export function queueEventPerRow(input: {
  name: string;
  rows: string;
  shopId: string;
  type: WebhookEventType;
  key: RawBuilder<unknown>;
  data: RawBuilder<unknown>;
  /** The event's moment: a time, or an expression of the row. */
  at: Date | RawBuilder<unknown>;
}): RawBuilder<unknown> {
  const at = input.at instanceof Date ? sql`${input.at}::timestamptz` : input.at;
  const type = sql`${input.type}::text`;
  return sql`${sql.raw(input.name)} as (${queueEventsFrom(sql`(
      select ${input.shopId}::text as shop_id, 'evt_' || md5(${input.shopId}::text || ':' || ${type} || ':' || ${input.key}) as event_id,
        ${type} as event_type, r.customer_id, ${input.data} as data, ${at} as created_at,
        row_number() over () as ord
      from ${sql.table(input.rows)} r
      where ${subscribed(sql`${input.shopId}::text`, type)}
    ) as ev`)} returning 1)`;
}
