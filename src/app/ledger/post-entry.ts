import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type EntryFromRow, ledgerEntryCtes } from './ledger-sql.ts';

export interface EntryToPost extends EntryFromRow {
  customerId: string;
}

export interface PostedEntry {
  posted: boolean;
  entryId: number | null;
  /** The balance after the entry, or null when the entry had been posted before. */
  balance: number | null;
}

/**
 * Appends one ledger entry and moves the member's running balance in the same statement, so the
 * two can never disagree. A repeated idempotency key inserts nothing and leaves the balance alone.
 */
export async function postEntry(trx: Transaction<Database>, entry: EntryToPost): Promise<PostedEntry> {
  const result = await sql<{ entry_id: number | null; balance: number | null }>`
    with member as (select ${entry.customerId}::text as customer_id), ${ledgerEntryCtes('member', entry)}
    select (select id from entry) as entry_id, (select balance from moved) as balance`.execute(trx);
  const row = result.rows[0]!;
  return { posted: row.entry_id !== null, entryId: row.entry_id, balance: row.balance };
}
