import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LOCAL_SERVICE_FILE } from '../../src/cli/local-service.ts';
import { loyalty } from './support/cli-database.ts';

/**
 * While `loyalty serve` holds the embedded data folder, the commands that change data go through
 * the service's operator API with the local credential it wrote into the folder.
 */
describe('the command line beside a running service on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-provisioning-serve-'));
  const dataDir = join(dir, 'db');
  const env = {
    DATABASE_URL: '',
    LOYALTY_DATA_DIR: dataDir,
    LOYALTY_SEED_DEMO: 'false',
    LOYALTY_LOG: 'silent',
  };
  let child: ChildProcess;
  let url = '';

  before(async () => {
    child = spawn(process.execPath, ['bin/loyalty.mjs', 'serve', '--port', '0', '--no-jobs'], {
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stderr!.on('data', (d) => (output += d));
    url = await new Promise<string>((resolve, reject) => {
      child.on('close', (code) => reject(new Error(`serve ended (${code}) without its URL: ${output}`)));
      child.stdout!.on('data', (d) => {
        output += d;
        const match = /Open (http:\/\/127\.0\.0\.1:\d+)\/admin/.exec(output);
        if (match) resolve(match[1]!);
      });
    });
  });
  after(async () => {
    const exited = new Promise((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  });

  test('the service wrote its local credential for this user only', () => {
    assert.equal(statSync(join(dataDir, LOCAL_SERVICE_FILE)).mode & 0o777, 0o600);
  });

  test('shop create, api-key create and revoke, suspend and resume, operator-key create work', async () => {
    const created = await loyalty(
      ['shop', 'create', '--id', 'running', '--name', 'Running', '--admin-email', 'me@example.com'],
      env,
    );
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /Created shop running/);
    assert.match(created.stdout, /password \(shown only now\)/);

    const duplicate = await loyalty(['shop', 'create', '--id', 'running', '--name', 'Again'], env);
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr.trim(), /^error: Shop "running" already exists .*\[shop_exists\]$/);

    const key = await loyalty(
      ['api-key', 'create', '--shop', 'running', '--name', 'Web shop', '--json'],
      env,
    );
    assert.equal(key.code, 0, key.stderr);
    const apiKey = JSON.parse(key.stdout);
    const check = await fetch(`${url}/v1/api-key`, { headers: { authorization: `Bearer ${apiKey.key}` } });
    assert.equal(check.status, 200);
    assert.equal(((await check.json()) as { shopId: string }).shopId, 'running');

    const listed = await loyalty(['shop', 'list', '--json'], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(
      JSON.parse(listed.stdout).map((s: { id: string }) => s.id),
      ['running'],
    );

    const suspended = await loyalty(['shop', 'suspend', 'running', '--reason', 'Test'], env);
    assert.equal(suspended.code, 0, suspended.stderr);
    const shown = await loyalty(['shop', 'show', 'running'], env);
    assert.match(shown.stdout, /status: suspended .*\(Test\)/);
    const resumed = await loyalty(['shop', 'resume', 'running'], env);
    assert.equal(resumed.code, 0, resumed.stderr);

    const revoked = await loyalty(['api-key', 'revoke', '--shop', 'running', apiKey.id], env);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, /Revoked API key/);

    // A command that needs the folder itself says what to do instead.
    const list = await loyalty(['api-key', 'list', '--shop', 'running'], env);
    assert.equal(list.code, 1);
    const lines = list.stderr.trim().split('\n');
    assert.equal(lines.length, 1, list.stderr);
    assert.match(
      lines[0]!,
      new RegExp(`held by the service running at ${url} .*use the admin at ${url}/admin`),
    );

    const operator = await loyalty(['operator-key', 'create', '--name', 'Platform', '--json'], env);
    assert.equal(operator.code, 0, operator.stderr);
    const shops = await fetch(`${url}/v1/operator/shops`, {
      headers: { authorization: `Bearer ${JSON.parse(operator.stdout).key}` },
    });
    assert.equal(shops.status, 200);
  });
});
