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
  if (rows.length === 0) return;
  await sql`analyze ${sql.raw(rows.map((r) => r.name).join(', '))}`.execute(db);
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
