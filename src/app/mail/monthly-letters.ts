import { type RawBuilder, sql } from 'kysely';
import type { RewardTier } from '../../domain/program/settings.ts';
import { nextTierValueSql, pointsToNextTierSql } from '../segments/next-tier-sql.ts';

/**
 * The e-mail part of a monthly conversion batch (src/app/monthly/convert-batch.ts), as common-table
 * expressions that follow its `window_members`, `issued` and `moved`: who gets a letter (a member
 * of the window with an e-mail address and at least one valid code) and what it lists (the codes
 * and the balance, and for members who consented to marketing the points to the next tier). Queued
 * in the outbox once per member and month (`monthlyMessageKey` in src/app/monthly/convert-batch.ts).
 * Without `earlierCodes` (no member can hold a code of another month that may still be spent,
 * a used one included: src/app/monthly/earlier-codes.ts) a letter lists the codes the batch issued.
 */
export function monthlyLetters(
  shop: RawBuilder<unknown>,
  period: RawBuilder<unknown>,
  now: Date,
  tiers: RewardTier[],
  earlierCodes: boolean,
) {
  // The balance is read again only for members who converted nothing. The balances moved are looked
  // up in one map rather than joined: the planner estimates one row for `moved` and for the letters,
  // and its nested loop over the two then cost 81 million comparisons a batch of 9,000 codes.
  const balance = sql`coalesce((mv.balances ->> l.customer_id)::bigint,
                               (select b.balance from member_balances b
                                where b.shop_id = ${shop} and b.customer_id = l.customer_id), 0)`;
  // What the terms promise (codes and balance) goes to every member; the way to the next tier is
  // marketing, for members who consented to it only (docs/segments.md).
  const nextTier = sql`case when coalesce(mc.granted, false) and ${pointsToNextTierSql(tiers, balance)} is not null
      then jsonb_build_object('pointsMissing', ${pointsToNextTierSql(tiers, balance)},
                              'valueCents', ${nextTierValueSql(tiers, balance)}) end`;
  const earlier = earlierCodes
    ? sql`select w.customer_id, d.code, d.value_cents, d.expires_at
      from window_members w
      cross join lateral (
        select code, value_cents, expires_at from discount_codes d
        where d.shop_id = ${shop} and d.customer_id = w.customer_id
          and d.status in ('active', 'restored') and d.expires_at > ${now}::timestamptz
        offset 0
      ) d
      union all`
    : sql``;
  return sql`, valid as (
      ${earlier}
      select customer_id, code, value_cents, expires_at from issued
    ), moved_balances as materialized (
      select jsonb_object_agg(customer_id, balance) as balances from moved
    ), letters as (
      select customer_id,
             jsonb_agg(jsonb_build_object('code', code, 'valueCents', value_cents, 'expiresAt', expires_at)
                       order by expires_at, code) as codes
      from valid group by customer_id
    ), queued as (
      insert into mail_outbox
        (shop_id, message_key, message_id, kind, customer_id, recipient, payload, next_attempt_at, created_at)
      select ${shop}, 'monthly:' || ${period} || ':' || l.customer_id,
             md5(${shop} || '/monthly:' || ${period} || ':' || l.customer_id), 'monthly', l.customer_id, c.email,
             jsonb_build_object('period', ${period}, 'name', c.name, 'codes', l.codes,
                                'balance', ${balance}, 'nextTier', ${nextTier}),
             ${now}::timestamptz, ${now}::timestamptz
      from letters l
      join customers c on c.shop_id = ${shop} and c.id = l.customer_id
      cross join moved_balances mv
      left join marketing_consents mc on mc.shop_id = ${shop} and mc.customer_id = l.customer_id
      where coalesce(trim(c.email), '') <> ''
      on conflict (shop_id, message_key) do nothing
      returning 1
    )`;
}
