import { sql, type Transaction } from 'kysely';
import { withoutJit } from '../../db/planner-settings.ts';
import type { Database } from '../../db/schema.ts';
import type { RewardTier } from '../../domain/program/settings.ts';
import { issueMonthlyCodes } from '../codes/code-writes.ts';
import { conversionEntriesFrom, ledgerWrite } from '../ledger/ledger-writer.ts';
import { monthlyLetters } from '../mail/monthly-letters.ts';
import { isoText, queueEventPerRow } from '../webhooks/event-outbox.ts';
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
  /** Whether a member may hold a code of another month that may still be spent, listed in the letter (earlier-codes.ts). */
  earlierCodes: boolean;
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
 * 4. a 'conversion' ledger entry per code actually issued, written by the ledger's writer
 *    (src/app/ledger/ledger-writer.ts), which moves each member's running balance by exactly the
 *    entries it writes: if an entry is not inserted the balance does not move;
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
  const mail = input.mail ? monthlyLetters(shop, period, input.now, input.tiers, input.earlierCodes) : sql``;
  const queued = input.mail ? sql`(select count(*) from queued)` : sql`0`;
  // The last member of the batch's window: the upper end of its id range, for reads and the balances' update.
  const windowEnd = sql`(select max(customer_id) from window_members)`;
  await withoutJit(trx);

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
      -- The window's range, so the balances are read by their key's range and not scanned whole
      -- for every batch (a hash join over all of them grows with the shop, batch after batch).
      where b.customer_id > ${input.afterId}::text and b.customer_id <= ${windowEnd}
        and b.balance >= ${tier.lowestPoints}::int8
      for update of b
    ), chosen as (
      select customer_id, ${tier.points} as points, ${tier.valueCents} as value_cents, row_number() over () as n
      from candidates
    ), fresh as (
      -- Joined by position: subscripting a long text array walks it from the start every time.
      select code, n from unnest(${input.codes}::text[]) with ordinality as f(code, n)
    ), issued as (${issueMonthlyCodes(sql`(select c.customer_id, f.code, c.value_cents, c.points from chosen c join fresh f on f.n = c.n) as c`, { shopId: input.shopId, month: input.period, issuedAt: input.issuedAt, expiresAt: input.expiresAt })}
    ), ${ledgerWrite(
      conversionEntriesFrom('issued', { shopId: input.shopId, month: input.period, at: input.issuedAt }),
      {
        lockedBalances: {
          shopId: input.shopId,
          after: input.afterId,
          through: windowEnd,
        },
      },
    )}${mail}, ${codeIssuedEvents(input)}
    select
      (select count(*) from window_members)::int as scanned,
      ${windowEnd} as last_id,
      (select count(*) from issued)::int as converted,
      (select count(*) from entry)::int as entries,
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

/** The `code.issued` webhook events of the batch's codes (the relation `issued`), queued by its statement. */
function codeIssuedEvents(input: BatchInput) {
  return queueEventPerRow({
    name: 'code_events',
    rows: 'issued',
    shopId: input.shopId,
    type: 'code.issued',
    key: sql`r.code`,
    data: sql`jsonb_build_object('customerId', r.customer_id, 'code', r.code, 'valueCents', r.value_cents,
        'points', r.points, 'period', ${input.period}::text, 'expiresAt', ${isoText(sql`r.expires_at`)})`,
    at: input.issuedAt,
  });
}
