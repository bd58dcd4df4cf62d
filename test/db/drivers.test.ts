import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { type TestDatabase, testDatabase } from '../support/database.ts';

describe(`database driver (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let database: TestDatabase;
  before(async () => {
    database = await testDatabase();
  });
  after(() => database.close());

  test('int8 comes back as a number, timestamptz as a Date and date as text, as on the other driver', async () => {
    const { rows } = await sql<{ big: number; at: Date; day: string; total: number }>`
      select 9007199254740991::int8 as big, '2026-03-29T01:30:00Z'::timestamptz as at,
             '2028-02-29'::date as day, count(*) as total from shops`.execute(database.db);
    assert.deepEqual(rows[0], {
      big: 9007199254740991,
      at: new Date('2026-03-29T01:30:00Z'),
      day: '2028-02-29',
      total: 0,
    });
  });

  test('an int8 beyond the safe integer range is refused rather than rounded', async () => {
    await assert.rejects(
      sql`select 9007199254740993::int8 as big`.execute(database.db),
      /does not fit a safe integer/,
    );
  });

  test('a transaction that fails leaves nothing behind', async () => {
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('shops').values({ id: 'tx', name: 'Tx', created_at: new Date() }).execute();
        throw new Error('boom');
      }),
      /boom/,
    );
    const shop = await database.db.selectFrom('shops').select('id').where('id', '=', 'tx').executeTakeFirst();
    assert.equal(shop, undefined);
  });
});
