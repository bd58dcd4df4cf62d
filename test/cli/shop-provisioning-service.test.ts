import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { LOCAL_SERVICE_FILE } from '../../src/cli/local-service.ts';
import { loyalty } from './support/cli-database.ts';
import { runningService } from './support/running-service.ts';

/**
 * While `loyalty serve` holds the embedded data folder, the commands that change data go through
 * the service's operator API with the local credential it wrote into the folder.
 */
describe('the command line beside a running service on the embedded database', () => {
  const service = runningService('loyalty-provisioning-serve-');
  const { env, dataDir } = service;

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
    const check = await fetch(`${service.url}/v1/api-key`, {
      headers: { authorization: `Bearer ${apiKey.key}` },
    });
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
      new RegExp(`held by the service running at ${service.url} .*use the admin at ${service.url}/admin`),
    );

    const operator = await loyalty(['operator-key', 'create', '--name', 'Platform', '--json'], env);
    assert.equal(operator.code, 0, operator.stderr);
    const shops = await fetch(`${service.url}/v1/operator/shops`, {
      headers: { authorization: `Bearer ${JSON.parse(operator.stdout).key}` },
    });
    assert.equal(shops.status, 200);
  });
});
