import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openPGlite } from '../../src/db/connect.ts';
import { type CliRun, loyalty as loyaltyWith } from './support/cli-database.ts';

/** The command on the embedded database unless `env` says otherwise. */
const loyalty = (args: string[], env: Record<string, string> = {}): Promise<CliRun> =>
  loyaltyWith(args, { DATABASE_URL: '', ...env });

describe('loyalty command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('an unreachable PostgreSQL ends with one line naming the URL without its password', async () => {
    const result = await loyalty(['migrate'], { DATABASE_URL: 'postgres://shop:s3cret@127.0.0.1:1/loyalty' });
    assert.equal(result.code, 1);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(
      lines[0]!,
      /^error: Cannot connect to PostgreSQL at postgres:\/\/shop:\*\*\*@127\.0\.0\.1:1\/loyalty/,
    );
    assert.doesNotMatch(result.stderr, /s3cret/);
  });

  test('migrate creates the schema once, and a second process cannot open a data folder in use', async () => {
    const first = await loyalty(['migrate', '--data-dir', join(dir, 'db')]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Applied 001_foundation\.sql/);
    const second = await loyalty(['migrate', '--data-dir', join(dir, 'db')]);
    assert.match(second.stdout, /up to date/);

    const held = await openPGlite(join(dir, 'db'));
    try {
      const refused = await loyalty(['migrate', '--data-dir', join(dir, 'db')]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /is in use by another process/);
    } finally {
      await held.close();
    }
  });

  test('an unknown command is refused with a hint', async () => {
    const result = await loyalty(['frobnicate']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /unknown command/);
  });
});
