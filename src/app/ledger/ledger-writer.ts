import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { EntryForRow, LedgerEntry } from '../../domain/ledger/entries.ts';
import { queueEventsFrom } from '../webhooks/event-outbox.ts';

/**
 * The ledger's one writer: the only code that inserts ledger entries or moves balances
 * (`npm run check:layers` fails on any other). Every use case decides its entries with the rules
 * and hands them here, alone (`postEntries`) or inside its own statement (`ledgerWrite`), so a
 * whole batch is still one statement and an entry and its balance move can never disagree.
 *
 * The rules it keeps for every entry:
 * - an entry whose idempotency key is in the shop's ledger already is not written again, and
 *   moves no balance;
 * - an entry of 0 points, or for no customer (a guest's order), is not written;
 * - the member's running balance moves by exactly the entries written, summed per member and
 *   in member order, so concurrent statements lock balances in the same order.
 */

/**
 * A source of entries: a relation with the columns `shop_id, customer_id, kind, points, ref_type,
 * ref_id, idempotency_key, author, reason, created_at, seq` (seq orders one member's entries of
 * the statement). Made by `entriesOf`, `entryPerRow` or a caller's own select.
 */
export type EntrySource = RawBuilder<unknown>;

/**
 * The common-table expressions that write the entries of `source`: `entry` (the entries written:
 * id, shop_id, customer_id, kind, points, ref_type, ref_id, idempotency_key, created_at), `moved`
 * (each moved balance: shop_id, customer_id, balance), `moved_balance_map` (the same as one
 * object) and `entry_events` (their webhook events, unless `events` is false). Place them after the
 * source's own expressions; the names are taken in the statement.
 */
export function ledgerWrite(source: EntrySource, options: LedgerWriteOptions = {}): RawBuilder<unknown> {
  const locked = options.lockedBalances;
  const moved = locked ? updateLockedBalances(locked) : upsertBalances;
  // With the balances locked already, their order is settled; sorting the entries would only cost.
  const inOrder = locked ? sql`` : sql`order by shop_id, customer_id, seq`;
  return sql`entry as (
      insert into ledger_entries
        (shop_id, customer_id, kind, points, ref_type, ref_id, idempotency_key, author, reason, created_at)
      select shop_id, customer_id, kind, points, ref_type, ref_id, idempotency_key, author, reason, created_at
      from ${source}
      where customer_id is not null and points <> 0
      ${inOrder}
      on conflict (shop_id, idempotency_key) do nothing
      returning id, shop_id, customer_id, kind, points, ref_type, ref_id, idempotency_key, created_at
    ), moved as (${moved}), ${movedBalances}${options.events === false ? sql`` : sql`, ${entryEvents}`}`;
}

/**
 * The points of the statement's entries written after the entry aliased `e` for its member: a
 * window over the select's rows, so each entry must stand on one row. (A subquery summing them for
 * each entry read every entry again: for a grant's 1,000 entries a statement, a million rows.)
 */
export const laterPoints = sql`coalesce(sum(e.points) over (partition by e.shop_id, e.customer_id
    order by e.id desc rows between unbounded preceding and 1 preceding), 0)`;

/**
 * The webhook events of the entries written (`points.credited` or `points.debited`, with the
 * balance just after each), queued in the same statement (src/app/webhooks/event-outbox.ts).
 *
 * - The first guard asks once whether any shop of the entries has an enabled endpoint: a
 *   one-time filter, so a statement of a shop without webhooks builds no event and joins nothing.
 *   (With the guard per entry only, the planner could pair every entry with every moved balance
 *   before filtering: 400 entries of a bulk request cost 70 ms for no event.)
 * - Each entry's later points of its member are summed by a window over the entries alone, and
 *   only then is the member's moved balance looked up, in one map made once
 *   (`moved_balance_map`): the cost stays linear whatever join the planner would guess. Built inside
 *   the select, the map was made again for every entry (8 entries, 8 maps of 8 members) and was
 *   sorted with every entry for the window (400 entries of a bulk request sorted 400 copies of a
 *   map of 400 members, on disk): with webhooks on, PostgreSQL's CPU per sale of the sales route
 *   was about 0.157 ms, now 0.137 ms (0.10 with webhooks off).
 * - The events are read from `moved`, after the member's balance row is locked: two statements
 *   for one member queue their events in the order they commit.
 */
const movedBalances = sql`moved_balance_map as materialized (
      select jsonb_object_agg(jsonb_build_array(shop_id, customer_id)::text, balance) as balances from moved
    )`;

/**
 * The member's balance as the statement's `moved` left it, looked up in `moved_balance_map`
 * (cross-joined as `map`): one lookup per row, whatever join the planner would guess.
 */
export function movedBalanceOf(map: string, shopId: RawBuilder<unknown>, customerId: RawBuilder<unknown>) {
  return sql`(${sql.ref(`${map}.balances`)} ->> jsonb_build_array(${shopId}, ${customerId})::text)::bigint`;
}

const entryEvents = sql`entry_events as (${queueEventsFrom(sql`(
      select e.shop_id, 'evt_' || md5(e.shop_id || ':entry:' || e.id) as event_id,
        case when e.points > 0 then 'points.credited' else 'points.debited' end as event_type,
        e.customer_id, e.created_at, e.id as ord,
        jsonb_build_object('customerId', e.customer_id, 'points', e.points, 'kind', e.kind,
          'reference', jsonb_build_object('type', e.ref_type, 'id', e.ref_id),
          'balance', ${movedBalanceOf('m', sql`e.shop_id`, sql`e.customer_id`)} - e.later_points,
          'entryId', e.id) as data
      from (
        select e.*, ${laterPoints} as later_points
        from entry e
        where exists (select 1 from webhook_endpoints w
            where w.enabled and w.shop_id in (select hooked.shop_id from entry hooked))
          and exists (select 1 from webhook_endpoints w where w.shop_id = e.shop_id and w.enabled)
      ) e
      cross join moved_balance_map m
    ) as ev`)} returning 1)`;

export interface LedgerWriteOptions {
  /**
   * false: the caller read, before deciding the entries, that no shop of theirs had an enabled
   * webhook endpoint, so `entry_events` is left out of the statement. (Its own guards would queue
   * nothing then either, but its insert into the outbox is still set up for every statement.)
   */
  events?: boolean;
  /**
   * Every member of the entries has a balance row in this shop, already locked by the statement
   * (`for update`), with a customer id in (after, through]: the balances then move with an UPDATE
   * the planner confines to that range instead of an upsert. A monthly batch's members, read from
   * their balances, are such; for its 10,000 members a statement the upsert measured about a
   * third slower (bench:monthly). The source has at most one entry per member (a month's
   * conversion), so each entry moves its balance as it is, with no sum per member.
   */
  lockedBalances?: { shopId: string; after: string; through: RawBuilder<unknown> };
}

const upsertBalances = sql`
      insert into member_balances (shop_id, customer_id, balance, updated_at)
      select shop_id, customer_id, sum(points)::bigint, max(created_at) from entry
      group by shop_id, customer_id order by shop_id, customer_id
      on conflict (shop_id, customer_id)
        do update set balance = member_balances.balance + excluded.balance, updated_at = excluded.updated_at
      returning shop_id, customer_id, balance`;

function updateLockedBalances(range: NonNullable<LedgerWriteOptions['lockedBalances']>) {
  return sql`
      update member_balances b set balance = b.balance + e.points, updated_at = e.created_at
      from entry e
      where b.shop_id = ${range.shopId}::text and b.customer_id = e.customer_id
        and b.customer_id > ${range.after}::text and b.customer_id <= ${range.through}
      returning b.shop_id, b.customer_id, b.balance`;
}

/**
 * The member's balance just after the entry aliased `e`, with its member's row of `moved`
 * aliased `m`: as if the statement's entries had been written one by one in their order.
 */
export const balanceAfterEntry = sql`(m.balance - ${laterPoints})::bigint`;

/** A source of the given entries, in their order. */
export function entriesOf(entries: LedgerEntry[]): EntrySource {
  const rows = entries.map(
    (e, seq) => sql`(${e.shopId}::text, ${e.customerId}::text, ${e.kind}::text, ${e.points}::bigint,
      ${e.refType}::text, ${e.refId}::text, ${e.idempotencyKey}::text, ${e.author}::text, ${e.reason}::text,
      ${e.at}::timestamptz, ${seq}::int)`,
  );
  return sql`(values ${sql.join(rows)}) as s(shop_id, customer_id, kind, points, ref_type, ref_id,
    idempotency_key, author, reason, created_at, seq)`;
}

/**
 * A source of one entry for each row of the relation `rows` (which has `customer_id`), all alike
 * but for the member: `entry` decides the rest. A row with no customer gets none.
 */
export function entryPerRow(rows: string, entry: EntryForRow): EntrySource {
  return sql`(select ${entry.shopId}::text as shop_id, customer_id, ${entry.kind}::text as kind, ${entry.points}::bigint as points,
      ${entry.refType}::text as ref_type, ${entry.refId}::text as ref_id,
      ${entry.idempotencyKey}::text as idempotency_key, ${entry.author}::text as author,
      ${entry.reason}::text as reason, ${entry.at}::timestamptz as created_at, 0 as seq
    from ${sql.table(rows)}) as s`;
}

/**
 * A source of the monthly conversion entries of the codes of the relation `issued` (customer_id,
 * points): the entry `conversionEntry` makes for each member, in SQL.
 */
export function conversionEntriesFrom(issued: string, input: { shopId: string; month: string; at: Date }) {
  return sql`(select ${input.shopId}::text as shop_id, customer_id, 'conversion'::text as kind,
      -points::bigint as points, 'month'::text as ref_type, ${input.month}::text as ref_id,
      'conversion:' || ${input.month}::text || ':' || customer_id as idempotency_key,
      null::text as author, null::text as reason, ${input.at}::timestamptz as created_at, 0 as seq
    from ${sql.table(issued)}) as s`;
}

export interface PostedEntry {
  posted: boolean;
  entryId: number | null;
  /** The balance just after the entry, or null when it had been posted before (or was not written). */
  balance: number | null;
}

/** Writes the entries in one statement; one answer per entry, in their order. */
export async function postEntries(db: Executor, entries: LedgerEntry[]): Promise<PostedEntry[]> {
  if (entries.length === 0) return [];
  if (entries.length === 1) return [await postEntry(db, entries[0]!)];
  const { rows } = await sql<{ entry_id: number | null; balance: number | null }>`
    with ${ledgerWrite(entriesOf(entries))}
    select e.id as entry_id, case when e.id is null then null else ${balanceAfterEntry} end as balance
    from unnest(${entries.map((e) => e.shopId)}::text[], ${entries.map((e) => e.idempotencyKey)}::text[])
      with ordinality as k(shop_id, key, n)
    left join entry e on e.shop_id = k.shop_id and e.idempotency_key = k.key
    left join moved m on m.shop_id = e.shop_id and m.customer_id = e.customer_id
    order by k.n`.execute(db);
  return rows.map((row) => ({ posted: row.entry_id !== null, entryId: row.entry_id, balance: row.balance }));
}

/** Writes one entry; see `postEntries`. */
export async function postEntry(db: Executor, entry: LedgerEntry): Promise<PostedEntry> {
  const { rows } = await sql<{ entry_id: number | null; balance: number | null }>`
    with ${ledgerWrite(entriesOf([entry]))}
    select (select id from entry) as entry_id, (select balance from moved) as balance`.execute(db);
  const row = rows[0]!;
  return { posted: row.entry_id !== null, entryId: row.entry_id, balance: row.balance };
}

/** A new member's balance of 0, so the member is listed with one before any entry. */
export async function openBalance(db: Executor, shopId: string, customerId: string, at: Date): Promise<void> {
  await sql`
    insert into member_balances (shop_id, customer_id, balance, updated_at)
    values (${shopId}, ${customerId}, 0, ${at})
    on conflict (shop_id, customer_id) do nothing`.execute(db);
}

/**
 * Replaces the reasons of an erased customer's entries with `tombstone` (docs/personal-data.md):
 * the one change the ledger's trigger lets through, once the erasure is recorded. Points, kinds,
 * references, authors and times stay. Returns how many reasons were replaced.
 */
export async function eraseEntryReasons(
  db: Executor,
  input: { shopId: string; customerId: string; tombstone: string },
): Promise<number> {
  const result = await db
    .updateTable('ledger_entries')
    .set({ reason: input.tombstone })
    .where('shop_id', '=', input.shopId)
    .where('customer_id', '=', input.customerId)
    .where('reason', 'is not', null)
    .where('reason', '<>', input.tombstone)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
