import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { analyzeGrownTables, analyzeTables, autovacuumRuns } from '../../src/db/table-statistics.ts';
import { type TestDatabase, testDatabase } from '../support/database.ts';

describe('table statistics refresh', () => {
  let database: TestDatabase;
  before(async () => {
    database = await testDatabase();
    await sql`insert into shops (id, name, created_at) values ('s', 'S', now())`.execute(database.db);
    await sql`insert into customers (shop_id, id, email, registered_at, created_at, updated_at)
      select 's', 'c' || n, 'c' || n || '@example.com', now(), now(), now()
      from generate_series(1, 2000) as n`.execute(database.db);
  });
  after(() => database.close());

  const estimatedRows = async (table: string) => {
    const { rows } = await sql<{ rows: number }>`
      select reltuples::int8 as rows from pg_class
      where oid = to_regclass(format('%I.%I', current_schema(), ${table}::text))`.execute(database.db);
    return rows[0]!.rows;
  };

  test('gives the planner the real size of this schema’s tables, so a key lookup uses the primary key', async () => {
    await analyzeTables(database.db);
    assert.equal(await estimatedRows('customers'), 2000);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`
      explain select 1 from customers where shop_id = 's' and id = 'c7'`.execute(database.db);
    assert.match(rows.map((r) => r['QUERY PLAN']).join('\n'), /customers_pkey/);
  });

  test('between full refreshes, a table that grew is analyzed again and one that did not is left alone', async () => {
    await analyzeTables(database.db);
    assert.deepEqual(await analyzeGrownTables(database.db), []);
    await sql`insert into customers (shop_id, id, email, registered_at, created_at, updated_at)
      select 's', 'd' || n, 'd' || n || '@example.com', now(), now(), now()
      from generate_series(1, 3000) as n`.execute(database.db);
    const analyzed = await analyzeGrownTables(database.db);
    assert.equal(analyzed.length, 1);
    assert.match(analyzed[0]!, /\.customers$/);
    assert.equal(await estimatedRows('customers'), 5000);
    assert.deepEqual(await analyzeGrownTables(database.db), []);
  });

  test('the embedded database never counts as keeping its own statistics', async () => {
    assert.equal(await autovacuumRuns(database.db, true), false);
  });
});
