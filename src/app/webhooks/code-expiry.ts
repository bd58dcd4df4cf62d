import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { isoText, queueEventsFrom } from './event-outbox.ts';

/**
 * Codes expire by the clock, not by a write, so their `code.expired` events are queued by a sweep
 * (the webhook dispatcher runs it every minute): for each shop with an endpoint that chose the
 * type, the codes still unused whose expiry passed since the shop's last sweep (or since its
 * first such endpoint was added), dated by their expiry. One statement, so the cursor moves
 * exactly when the events are queued; an event id per code keeps a repeated sweep from queueing
 * one twice. Returns how many deliveries were queued.
 */
export async function queueExpiredCodes(ctx: AppContext, now: Date): Promise<number> {
  const { rows } = await sql<{ queued: number }>`
    with shops as (
      select w.shop_id, min(w.created_at) as since from webhook_endpoints w
      where w.enabled and 'code.expired' = any(w.event_types)
      group by w.shop_id
    ), windows as (
      select s.shop_id, coalesce(c.swept_through, s.since) as after
      from shops s left join webhook_code_expiry c on c.shop_id = s.shop_id
    ), expired as (
      select d.shop_id, d.customer_id, d.code, d.value_cents, d.expires_at
      from windows x
      join discount_codes d on d.shop_id = x.shop_id and d.expires_at > x.after
        and d.expires_at <= ${now}::timestamptz and d.status in ('active', 'restored')
    ), queued as (${queueEventsFrom(sql`(
        select e.shop_id, 'evt_' || md5(e.shop_id || ':code.expired:' || e.code) as event_id,
          'code.expired'::text as event_type, e.customer_id, e.expires_at as created_at,
          row_number() over (order by e.expires_at, e.code) as ord,
          jsonb_build_object('customerId', e.customer_id, 'code', e.code, 'valueCents', e.value_cents,
            'expiresAt', ${isoText(sql`e.expires_at`)}) as data
        from expired e
      ) as ev`)} returning 1
    ), swept as (
      insert into webhook_code_expiry (shop_id, swept_through)
      select shop_id, ${now}::timestamptz from windows
      on conflict (shop_id) do update set swept_through = excluded.swept_through
    )
    select count(*)::int as queued from queued`.execute(ctx.db);
  return rows[0]?.queued ?? 0;
}
