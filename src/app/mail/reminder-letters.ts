import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import { statusesThatMayBecome } from '../../domain/codes/code-state.ts';

/**
 * Queues the reminders of one shop's codes that are due (src/app/reminders/queue-reminders.ts
 * decides when): each code its owner can still spend (not used, not expired at `now`) whose
 * expiry is at most `expiresBy`, owned by a current member who consented to marketing and has an
 * e-mail address, and never reminded of before. One statement: the `code_reminders` row (unique per
 * code) and the outbox row (unique per key `reminder:<code>`) are written together, so a code is
 * reminded of once however often, and on however many servers, the pass runs. Returns how many
 * were queued.
 */
export async function queueReminderLetters(
  db: Executor,
  input: { shopId: string; now: Date; expiresBy: Date },
): Promise<number> {
  const { shopId, now, expiresBy } = input;
  const spendable = statusesThatMayBecome('used');
  const { rows } = await sql<{ queued: number }>`
    with due as (
      select d.code, d.customer_id, d.value_cents, d.expires_at, c.email, c.name,
             coalesce(b.balance, 0) as balance
      from discount_codes d
      join members m on m.shop_id = d.shop_id and m.customer_id = d.customer_id and m.left_at is null
      join marketing_consents mc on mc.shop_id = d.shop_id and mc.customer_id = d.customer_id and mc.granted
      join customers c on c.shop_id = d.shop_id and c.id = d.customer_id
      left join member_balances b on b.shop_id = d.shop_id and b.customer_id = d.customer_id
      where d.shop_id = ${shopId}
        and d.status in (${sql.join(spendable)})
        and d.expires_at > ${now}::timestamptz and d.expires_at <= ${expiresBy}::timestamptz
        and coalesce(trim(c.email), '') <> ''
        and not exists (select 1 from code_reminders r where r.shop_id = d.shop_id and r.code = d.code)
    ), reminded as (
      insert into code_reminders (shop_id, code, customer_id, queued_at)
      select ${shopId}, code, customer_id, ${now}::timestamptz from due
      on conflict (shop_id, code) do nothing
      returning code
    ), queued as (
      insert into mail_outbox
        (shop_id, message_key, message_id, kind, customer_id, recipient, payload, next_attempt_at, created_at)
      select ${shopId}, 'reminder:' || d.code, md5(${shopId} || '/reminder:' || d.code), 'reminder',
             d.customer_id, d.email,
             jsonb_build_object('name', d.name, 'code', d.code, 'valueCents', d.value_cents,
                                'expiresAt', d.expires_at, 'balance', d.balance),
             ${now}::timestamptz, ${now}::timestamptz
      from due d join reminded r on r.code = d.code
      on conflict (shop_id, message_key) do nothing
      returning 1
    )
    select count(*)::int as queued from queued`.execute(db);
  return rows[0]?.queued ?? 0;
}
