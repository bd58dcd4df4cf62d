import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabase } from '../support/database.ts';
import { suiteFixture } from '../support/suite-fixture.ts';

describe('member search indexes', () => {
  const database = suiteFixture(() => testDatabase());

  // Whether the planner picks them depends on the shop's size (a few thousand customers are
  // cheaper to scan); npm run bench:simulate measures the search on 100,000.
  test('both engines get trigram indexes on customer names and e-mails', async () => {
    // Read from the catalogs by operator class rather than from pg_indexes: its index definitions
    // were computed for other schemas' indexes too, and one dropped meanwhile by a test running
    // beside this one failed the query ("could not open relation with OID").
    const { rows } = await sql<{ indexname: string }>`
      select c.relname as indexname
      from pg_index x
      join pg_class c on c.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = current_schema() and t.relname = 'customers'
        and exists (select 1 from pg_opclass o where o.oid = any(x.indclass::oid[]) and o.opcname = 'gin_trgm_ops')
      order by c.relname`.execute(database.db);
    assert.deepEqual(
      rows.map((r) => r.indexname),
      ['customers_email_trgm', 'customers_name_trgm'],
    );
  });
});
