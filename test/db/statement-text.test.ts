import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { executeByShape } from '../../src/db/statement-text.ts';
import { type TestDatabase, testDatabase } from '../support/database.ts';

describe('statements kept by their shape', () => {
  let database: TestDatabase;
  before(async () => {
    database = await testDatabase();
  });
  after(() => database.close());

  const numbersAbove = (floor: number, values: number[]) => () =>
    sql<{
      n: number;
    }>`select n from unnest(${`{${values.join(',')}}`}::int[]) as t(n) where n > ${floor} order by n`;

  test('a later call answers with its own parameters, not the first call’s', async () => {
    const first = await executeByShape(database.db, 'test:numbersAbove', numbersAbove(1, [1, 2, 3]), [
      '{1,2,3}',
      1,
    ]);
    assert.deepEqual(
      first.rows.map((r) => r.n),
      [2, 3],
    );
    let built = false;
    const later = await executeByShape(
      database.db,
      'test:numbersAbove',
      () => {
        built = true;
        return numbersAbove(5, [4, 5, 6, 7])();
      },
      ['{4,5,6,7}', 5],
    );
    assert.deepEqual(
      later.rows.map((r) => r.n),
      [6, 7],
    );
    assert.equal(built, false, 'the kept text was sent; the template was not built again');
  });

  test('parameters that are not the ones the statement binds are refused before anything runs', async () => {
    await assert.rejects(
      executeByShape(database.db, 'test:swapped', numbersAbove(1, [1, 2]), [1, '{1,2}']),
      /binds other parameters/,
    );
    await assert.rejects(
      executeByShape(database.db, 'test:missing', numbersAbove(1, [1, 2]), ['{1,2}']),
      /binds other parameters/,
    );
  });
});
