import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { ImportedMember } from '../../domain/import/member-rows.ts';
import { openingBalanceEntry } from '../../domain/import/opening-balance.ts';
import { ledgerWrite } from '../ledger/ledger-writer.ts';

export interface MembersWritten {
  joined: number;
  openingBalances: number;
  openingPoints: number;
}

/**
 * Writes imported members in one statement: each joins (source `import`, at its time) unless the
 * customer has a membership already, and its opening balance is posted through the ledger's
 * writer as an adjustment with the reason "import: <file>" (`openingBalanceEntry`), once per
 * member: importing the file again changes nothing.
 */
export async function writeMembers(
  db: Executor,
  input: { shopId: string; now: Date; author: string; fileName: string },
  members: ImportedMember[],
): Promise<MembersWritten> {
  const entries = members
    .filter((m) => m.openingBalance !== 0)
    .map((m) =>
      openingBalanceEntry({
        shopId: input.shopId,
        customerId: m.customerId,
        points: m.openingBalance,
        at: input.now,
        author: input.author,
        fileName: input.fileName,
      }),
    );
  const source = sql`(select ${input.shopId}::text as shop_id, e.customer_id, e.kind, e.points, e.ref_type, e.ref_id,
      e.idempotency_key, e.author, e.reason, ${input.now}::timestamptz as created_at, 0 as seq
    from unnest(${entries.map((e) => e.customerId)}::text[], ${entries.map((e) => e.kind)}::text[],
      ${entries.map((e) => e.points)}::int8[], ${entries.map((e) => e.refType)}::text[],
      ${entries.map((e) => e.refId)}::text[], ${entries.map((e) => e.idempotencyKey)}::text[],
      ${entries.map((e) => e.author)}::text[], ${entries.map((e) => e.reason)}::text[])
      as e(customer_id, kind, points, ref_type, ref_id, idempotency_key, author, reason)) as s`;
  const { rows } = await sql<MembersWritten>`
    with joined as (
      insert into members (shop_id, customer_id, join_source, joined_at, left_at)
      select ${input.shopId}, m.customer_id, 'import', m.joined_at, null
      from unnest(${members.map((m) => m.customerId)}::text[],
        ${members.map((m) => new Date(m.joinedAt).toISOString())}::timestamptz[]) as m(customer_id, joined_at)
      on conflict (shop_id, customer_id) do nothing
      returning 1
    ), ${ledgerWrite(source)}
    select (select count(*) from joined)::int as "joined", (select count(*) from entry)::int as "openingBalances",
      (select coalesce(sum(points), 0) from entry)::int8 as "openingPoints"`.execute(db);
  return rows[0]!;
}
