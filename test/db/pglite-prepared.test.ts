import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PGlite } from '@electric-sql/pglite';
import { type DatabaseHandle, openPGlite } from '../../src/db/connect.ts';
import { PGlitePreparedStatements } from '../../src/db/pglite-prepared.ts';

describe('statements prepared on the embedded database', () => {
  let handle: DatabaseHandle;
  let pglite: PGlite;
  let statements: PGlitePreparedStatements;
  before(async () => {
    handle = await openPGlite(undefined);
    pglite = (handle as DatabaseHandle & { pglite: PGlite }).pglite;
    statements = new PGlitePreparedStatements(pglite);
    await pglite.exec(`create table t (id int8 primary key, at timestamptz, day date, doc jsonb, ok boolean,
      tags text[], note text)`);
  });
  after(() => handle.close());

  const select = 'select id, at, day, doc, ok, tags, note from t where id >= $1 order by id';

  test('read back exactly as the engine’s own query reads them, the first time and once prepared', async () => {
    const insert = 'insert into t (id, at, day, doc, ok, tags, note) values ($1, $2, $3, $4, $5, $6, $7)';
    const at = new Date('2026-03-29T00:30:00.000Z');
    const first = await statements.query(insert, [
      1,
      at,
      '2026-03-29',
      { a: [1, 'x'] },
      true,
      ['a', 'b,c'],
      null,
    ]);
    const second = await statements.query(insert, [2, at, '2026-03-30', '{"b":2}', false, [], 'n']);
    const third = await statements.query(insert, [9_007_199_254_740_991, null, null, null, null, null, 'ä']);
    assert.deepEqual([first.affectedRows, second.affectedRows, third.affectedRows], [1, 1, 1]);
    const own = await pglite.query(select, [0]);
    for (let round = 0; round < 3; round++) {
      const mine = await statements.query(select, [0]);
      assert.deepEqual(mine.rows, own.rows);
    }
    const [row] = (await statements.query<{ id: number; at: Date; day: string }>(select, [0])).rows;
    assert.equal(row!.id, 1);
    assert.deepEqual(row!.at, at);
    assert.equal(row!.day, '2026-03-29');
  });

  test('an update reports the rows it changed; an error leaves the connection usable', async () => {
    const update = 'update t set note = $1 where id <= $2';
    await statements.query(update, ['a', 0]);
    assert.equal((await statements.query(update, ['b', 2])).affectedRows, 2);
    const insert = 'insert into t (id) values ($1)';
    await statements.query(insert, [100]);
    await assert.rejects(
      statements.query(insert, [100]),
      (error: { code?: string }) => error.code === '23505',
    );
    assert.equal(
      (await statements.query('select count(*)::int as n from t where id > $1', [0])).rows.length,
      1,
    );
  });

  test('a statement whose table changed shape is prepared again', async () => {
    const star = 'select * from t where id = $1';
    await statements.query(star, [1]);
    const before = await statements.query<Record<string, unknown>>(star, [1]);
    assert.equal('extra' in before.rows[0]!, false);
    await pglite.exec('alter table t add column extra int default 7');
    const after = await statements.query<Record<string, unknown>>(star, [1]);
    assert.equal(after.rows[0]!.extra, 7);
  });
});
