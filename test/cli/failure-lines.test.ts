import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { expectedFailureLine } from '../../src/cli/main.ts';
import { openPGlite } from '../../src/db/connect.ts';
import { DomainError } from '../../src/domain/errors.ts';

// What a command prints when it fails: one line for what the user can act on, the stack for a bug.

test('a rule refused prints its message, fields and code on one line', () => {
  const error = new DomainError('invalid_input', 'The shop cannot be created', [
    { field: 'timeZone', message: 'unknown time zone' },
  ]);
  assert.equal(
    expectedFailureLine(error),
    'error: The shop cannot be created (timeZone: unknown time zone) [invalid_input]',
  );
});

test('a deadlock victim or a serialization failure says to run the command again, not a stack', () => {
  for (const code of ['40P01', '40001']) {
    const error = new pg.DatabaseError('deadlock detected', 0, 'error');
    error.code = code;
    const line = expectedFailureLine(error);
    assert.match(line ?? '', /^error: .*rolled back, changing nothing: run it again$/);
    assert.doesNotMatch(line!, /\n/);
  }
});

test('a database that went away mid-command says so on one line', async () => {
  const handle = await openPGlite(undefined);
  await handle.close();
  const error = await handle.db
    .selectFrom('shops')
    .select('id')
    .execute()
    .then(
      () => assert.fail('a closed database answered'),
      (e: unknown) => e,
    );
  const line = expectedFailureLine(error);
  assert.match(line ?? '', /^error: the database stopped answering \(.+\): check that it is running/);
  assert.doesNotMatch(line!, /\n/);
});

test('any other error is a bug: no line, so the stack is shown', () => {
  assert.equal(expectedFailureLine(new TypeError('x is undefined')), undefined);
  const error = new pg.DatabaseError('syntax error at or near "selec"', 0, 'error');
  error.code = '42601';
  assert.equal(expectedFailureLine(error), undefined);
});
