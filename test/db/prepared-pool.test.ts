import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { type DatabaseHandle, openPostgres } from '../../src/db/connect.ts';
import { postgresForTests } from '../support/requirements.ts';

// Prepared statements exist only on PostgreSQL, so this runs there in both suites.
const POSTGRES = await postgresForTests();

describe('prepared statements on PostgreSQL', { skip: POSTGRES.skip }, () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let admin: pg.Client;
  let handle: DatabaseHandle;

  before(async () => {
    const base = POSTGRES.get();
    admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(
      `create schema ${schema}; create table ${schema}.items (id int primary key, name text)`,
    );
    const url = new URL(base);
    url.searchParams.set('options', `-c search_path=${schema}`);
    handle = await openPostgres(url.toString(), 1);
  });
  after(async () => {
    await handle.close();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  });

  test('a statement sent repeatedly is prepared on the server and still answers correctly', async () => {
    for (let i = 0; i < 3; i++)
      await sql`insert into items (id, name) values (${i}, ${`n${i}`})`.execute(handle.db);
    const { rows } = await sql<{
      count: number;
    }>`select count(*)::int8 as count from pg_prepared_statements`.execute(handle.db);
    assert.ok(rows[0]!.count >= 1, 'the repeated insert was prepared');
    const names = await sql<{ name: string }>`select name from items where id = ${2}`.execute(handle.db);
    assert.deepEqual(names.rows, [{ name: 'n2' }]);
  });

  test('a table changed under a prepared statement is answered afresh, not with an error', async () => {
    const read = (id: number) =>
      sql<Record<string, unknown>>`select * from items where id = ${id}`.execute(handle.db);
    await read(0);
    await read(1);
    await admin.query(`alter table ${schema}.items add column size int default 7`);
    const { rows } = await read(1);
    assert.deepEqual(rows, [{ id: 1, name: 'n1', size: 7 }]);
  });
});
