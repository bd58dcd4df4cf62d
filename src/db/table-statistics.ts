import { sql } from 'kysely';
import type { Db } from './connect.ts';

/**
 * Refreshes the planner's statistics of this schema's tables. Without them PostgreSQL plans by
 * guesswork, and a plan it caches while a table is nearly empty (a foreign-key check choosing
 * `orders_customer` over the primary key, say) stays in the connection as the table grows, turning
 * each lookup into a scan of the shop. ANALYZE reads a bounded sample, so it is cheap on any size,
 * and it makes every connection re-plan.
 */
export async function analyzeTables(db: Db): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select format('%I.%I', schemaname, tablename) as name from pg_tables
    where schemaname = current_schema()`.execute(db);
  await analyze(
    db,
    rows.map((r) => r.name),
  );
}

/**
 * Refreshes the statistics of the tables that grew by more than a fifth (and four pages) since
 * they were last analyzed, or were never analyzed: what autovacuum's analyze threshold does on a
 * server. A foreign-key check planned while `orders` had five pages scans the table; with
 * thousands of orders a minute that turned each sale's lines check into a scan of the shop.
 * Reading the sizes costs a look at each table's length, so it can run every minute.
 * Returns the tables analyzed.
 */
export async function analyzeGrownTables(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select format('%I.%I', n.nspname, c.relname) as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind = 'r'
      and (c.reltuples < 0
        or pg_relation_size(c.oid) / current_setting('block_size')::int > c.relpages * 1.2 + 4)`.execute(db);
  const names = rows.map((r) => r.name);
  await analyze(db, names);
  return names;
}

async function analyze(db: Db, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await sql`analyze ${sql.raw(names.join(', '))}`.execute(db);
}

/**
 * Whether the database keeps its statistics fresh by itself. The embedded database runs no
 * autovacuum, and a server may have it switched off; then the service does it.
 */
export async function autovacuumRuns(db: Db, embedded: boolean): Promise<boolean> {
  if (embedded) return false;
  const { rows } = await sql<{ on: boolean }>`select current_setting('autovacuum') = 'on' as on`.execute(db);
  return rows[0]?.on ?? false;
}
