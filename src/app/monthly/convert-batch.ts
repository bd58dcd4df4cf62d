import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { RewardTier } from '../../domain/program/settings.ts';
import { tierChoiceSql } from './tier-sql.ts';

export interface BatchInput {
  shopId: string;
  period: string;
  /** Members with ids after this one ('' for the start of the shop) … */
  afterId: string;
  /** … and up to this one (null: to the end). */
  throughId: string | null;
  size: number;
  tiers: RewardTier[];
  issuedAt: Date;
  expiresAt: Date;
  /** When the batch runs: codes expiring by then are not listed in e-mails. */
  now: Date;
  mail: boolean;
  /** One fresh code per member of the batch, at least `size` of them. */
  codes: string[];
}

export interface BatchResult {
  /** Members looked at (active members in the window); 0 when the window is past the last one. */
  scanned: number;
  lastId: string | null;
  converted: number;
  pointsDeducted: number;
  valueCents: number;
  mailsQueued: number;
}

/** The MESSAGE_KEY of a member's monthly e-mail; one per member and month, ever. */
export const monthlyMessageKey = (period: string, customerId: string) => `monthly:${period}:${customerId}`;

/**
 * Converts one window of a shop's members in a single statement, inside the caller's transaction:
 *
 * 1. the next `size` active members after `afterId` (in customer id order);
 * 2. those whose balance reaches the lowest tier, their balance rows locked (spending points);
 * 3. one code each for the highest tier reached; the unique (shop, customer, month) key makes a
 *    second code for the month impossible, so a member that already has one is skipped;
 * 4. a 'conversion' ledger entry per code actually issued, keyed `conversion:<month>:<customer>`;
 * 5. each member's running balance moved by exactly the entries inserted — the set-based form of
 *    postEntry (src/app/ledger/ledger-sql.ts): if an entry is not inserted the balance does not move;
 * 6. with `mail`, an outbox row per member of the window who has an e-mail address and at least
 *    one valid code (this month's or an earlier one's), listing those codes and the balance.
 *
 * Every lookup is an index probe per member of the window, so the cost of a batch does not grow
 * with the size of the shop.
 */
export async function convertBatch(trx: Transaction<Database>, input: BatchInput): Promise<BatchResult> {
  if (input.codes.length < input.size) throw new RangeError('convertBatch needs a code for every member');
  const shop = sql`${input.shopId}::text`;
  const period = sql`${input.period}::text`;
  const tier = tierChoiceSql(input.tiers, sql`balance`);
  const upTo = input.throughId === null ? sql`` : sql`and m.customer_id <= ${input.throughId}::text`;
  const mail = input.mail ? mailCtes(shop, period, input.now) : sql``;
  const queued = input.mail ? sql`(select count(*) from queued)` : sql`0`;

  const result = await sql<{
    scanned: number;
    last_id: string | null;
    converted: number;
    entries: number;
    moved: number;
    points: number;
    value_cents: number;
    mailed: number;
  }>`
    with window_members as (
      select m.customer_id from members m
      where m.shop_id = ${shop} and m.customer_id > ${input.afterId}::text ${upTo} and m.left_at is null
      order by m.customer_id
      limit ${input.size}::int
    ), candidates as (
      select b.customer_id, b.balance
      from window_members w
      join member_balances b on b.shop_id = ${shop} and b.customer_id = w.customer_id
      where b.balance >= ${tier.lowestPoints}::int8
      for update of b
    ), chosen as (
      select customer_id, ${tier.points} as points, ${tier.valueCents} as value_cents, row_number() over () as n
      from candidates
    ), fresh as (
      -- Joined by position: subscripting a long text array walks it from the start every time.
      select code, n from unnest(${input.codes}::text[]) with ordinality as f(code, n)
    ), issued as (
      insert into discount_codes (shop_id, code, customer_id, period, value_cents, points, issued_at, expires_at)
      select ${shop}, f.code, c.customer_id, ${period}, c.value_cents, c.points,
             ${input.issuedAt}::timestamptz, ${input.expiresAt}::timestamptz
      from chosen c join fresh f on f.n = c.n
      on conflict (shop_id, customer_id, period) do nothing
      returning customer_id, code, points, value_cents, expires_at
    ), entries as (
      insert into ledger_entries (shop_id, customer_id, kind, points, ref_type, ref_id, idempotency_key, created_at)
      select ${shop}, customer_id, 'conversion', -points, 'month', ${period},
             'conversion:' || ${period} || ':' || customer_id, ${input.issuedAt}::timestamptz
      from issued
      on conflict (shop_id, idempotency_key) do nothing
      returning customer_id, points, created_at
    ), moved as (
      -- The window's id range lets the planner read just these rows of the balances.
      update member_balances b set balance = b.balance + e.points, updated_at = e.created_at
      from entries e
      where b.shop_id = ${shop} and b.customer_id = e.customer_id
        and b.customer_id > ${input.afterId}::text and b.customer_id <= (select max(customer_id) from window_members)
      returning b.customer_id, b.balance
    )${mail}
    select
      (select count(*) from window_members)::int as scanned,
      (select max(customer_id) from window_members) as last_id,
      (select count(*) from issued)::int as converted,
      (select count(*) from entries)::int as entries,
      (select count(*) from moved)::int as moved,
      (select coalesce(sum(points), 0) from issued)::bigint as points,
      (select coalesce(sum(value_cents), 0) from issued)::bigint as value_cents,
      ${queued}::int as mailed
  `.execute(trx);
  const row = result.rows[0]!;
  if (row.entries !== row.converted || row.moved !== row.converted) {
    // A code without its deduction (or the reverse) must never be committed: roll the batch back.
    throw new Error(
      `Monthly run ${input.shopId} ${input.period}: ${row.converted} codes but ${row.entries} ledger entries and ${row.moved} balances moved; the batch was rolled back`,
    );
  }
  return {
    scanned: row.scanned,
    lastId: row.last_id,
    converted: row.converted,
    pointsDeducted: row.points,
    valueCents: row.value_cents,
    mailsQueued: row.mailed,
  };
}

/** The e-mail part of the batch: who gets one, and what it lists. */
function mailCtes(shop: RawBuilder<unknown>, period: RawBuilder<unknown>, now: Date) {
  return sql`, valid as (
      select w.customer_id, d.code, d.value_cents, d.expires_at
      from window_members w
      cross join lateral (
        select code, value_cents, expires_at from discount_codes d
        where d.shop_id = ${shop} and d.customer_id = w.customer_id
          and d.status in ('active', 'restored') and d.expires_at > ${now}::timestamptz
        offset 0
      ) d
      union all
      select customer_id, code, value_cents, expires_at from issued
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
                                -- the balance is read again only for members who converted nothing
                                'balance', coalesce(mv.balance, (select b.balance from member_balances b
                                  where b.shop_id = ${shop} and b.customer_id = l.customer_id), 0)),
             ${now}::timestamptz, ${now}::timestamptz
      from letters l
      join customers c on c.shop_id = ${shop} and c.id = l.customer_id
      left join moved mv on mv.customer_id = l.customer_id
      where coalesce(trim(c.email), '') <> ''
      on conflict (shop_id, message_key) do nothing
      returning 1
    )`;
}
