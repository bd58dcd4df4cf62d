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
    const { rows } = await sql<{ indexname: string; indexdef: string }>`
      select indexname, indexdef from pg_indexes
      where schemaname = current_schema() and tablename = 'customers' and indexdef like '%gin_trgm_ops%'
      order by indexname`.execute(database.db);
    assert.deepEqual(
      rows.map((r) => r.indexname),
      ['customers_email_trgm', 'customers_name_trgm'],
    );
  });
});
