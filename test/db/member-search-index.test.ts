import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { type TestDatabase, testDatabase } from '../support/database.ts';

describe('member search indexes', () => {
  let database: TestDatabase;
  before(async () => {
    database = await testDatabase();
  });
  after(() => database.close());

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
