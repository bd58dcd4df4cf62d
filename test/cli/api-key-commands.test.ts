import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lookUpApiKey } from '../../src/app/api-keys/authenticate-api-key.ts';
import { hashApiKey } from '../../src/app/api-keys/key-format.ts';
import { systemClock } from '../../src/clock.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { cliDatabase, loyalty } from './support/cli-database.ts';

/**
 * The CLI on the database the suite runs on: a PostgreSQL schema of its own, or an embedded
 * database in a folder (opened by the test only while no command runs, as it allows one process).
 */
describe('loyalty api-key', () => {
  const cli = suiteFixture(() => cliDatabase('loyalty-keys-'));

  let fullKey = '';
  let readOnlyId = '';

  test('create prints the key once, with what it may do', async () => {
    const result = await loyalty(['api-key', 'create', '--shop', 'shop1', '--name', 'Web shop'], cli.env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /Created a full-access API key "Web shop" for shop shop1 \(id key_[0-9a-f]{16}\)/,
    );
    assert.match(result.stdout, /shown only this once/);
    fullKey = /lk_live_[A-Za-z0-9_-]{43}/.exec(result.stdout)![0];

    const json = await loyalty(
      ['api-key', 'create', '--shop', 'shop1', '--name', 'Display', '--read-only', '--json'],
      cli.env,
    );
    assert.equal(json.code, 0, json.stderr);
    const created = JSON.parse(json.stdout);
    assert.match(created.key, /^lk_read_/);
    assert.deepEqual([created.readOnly, created.name, created.revokedAt], [true, 'Display', null]);
    readOnlyId = created.id;
  });

  test('revoke ends a key; an unknown key is one error line', async () => {
    const revoked = await loyalty(['api-key', 'revoke', '--shop', 'shop1', readOnlyId], cli.env);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, new RegExp(`Revoked API key ${readOnlyId} of shop shop1`));
    const unknown = await loyalty(['api-key', 'revoke', '--shop', 'shop1', 'key_nope'], cli.env);
    assert.equal(unknown.code, 1);
    assert.match(
      unknown.stderr.trim(),
      /^error: Shop "shop1" has no API key "key_nope" \[api_key_not_found\]$/,
    );
  });

  test('list shows the keys without their secrets', async () => {
    const result = await loyalty(['api-key', 'list', '--shop', 'shop1'], cli.env);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.match(lines[0]!, /^ID\s+NAME\s+ACCESS\s+STARTS WITH\s+CREATED\s+LAST USED\s+STATUS$/);
    assert.equal(lines.length, 3);
    assert.ok(lines.some((l) => /Web shop\s+full\s+lk_live_\S{4}…\s+\S+\s+never\s+active/.test(l)));
    assert.ok(lines.some((l) => /Display\s+read-only\s+lk_read_\S{4}…\s+\S+\s+never\s+revoked /.test(l)));
    assert.doesNotMatch(result.stdout, new RegExp(fullKey.slice(12)));
  });

  test('the printed key is the one the service accepts', async () => {
    const database = await cli.open();
    try {
      const found = await lookUpApiKey({ db: database.db, clock: systemClock }, hashApiKey(fullKey));
      assert.equal(found.status, 'valid');
      assert.deepEqual(found.status === 'valid' && [found.identity.shopId, found.identity.readOnly], [
        'shop1',
        false,
      ]);
    } finally {
      await database.close();
    }
  });
});
