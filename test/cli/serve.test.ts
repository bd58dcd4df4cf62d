import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const dir = mkdtempSync(join(tmpdir(), 'loyalty-serve-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `loyalty serve` with `args` on its own embedded database; answers once it prints its URL. */
async function serve(name: string, args: string[] = []) {
  const child = spawn(
    process.execPath,
    ['bin/loyalty.mjs', 'serve', '--port', '0', '--data-dir', join(dir, name), ...args],
    {
      env: { ...process.env, DATABASE_URL: '', LOYALTY_SEED_DEMO: 'false', LOYALTY_LOG: 'silent' },
    },
  );
  let output = '';
  child.stderr.on('data', (d) => (output += d));
  // However long a first start takes (it creates the database): the URL, or the process ending without one.
  const url = await new Promise<string>((resolve, reject) => {
    child.on('close', (code, signal) =>
      reject(new Error(`serve ended (${signal ?? code}) without printing its URL: ${output}`)),
    );
    child.stdout.on('data', (d) => {
      output += d;
      const match = /Open (http:\/\/127\.0\.0\.1:\d+)\/admin/.exec(output);
      if (match) resolve(match[1]!);
    });
  });
  const stop = async () => {
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    return exited;
  };
  return { url, output: () => output, stop };
}

test('serve starts on the embedded database, prints where to open it, answers, and stops on SIGTERM', async () => {
  const server = await serve('db');
  assert.match(server.output(), /embedded database in .*db/);
  assert.match(server.output(), /mail: keeping messages as/, 'the jobs run in this process');
  const health = await fetch(`${server.url}/health`);
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: 'ok' });
  assert.equal(await server.stop(), 0);
});

test('serve --no-jobs answers HTTP and leaves the monthly conversion and e-mail to another process', async () => {
  const server = await serve('http-only', ['--no-jobs']);
  assert.match(server.output(), /Jobs: not run by this process/);
  assert.doesNotMatch(server.output(), /mail: /);
  assert.equal((await fetch(`${server.url}/health`)).status, 200);
  assert.equal(await server.stop(), 0);
});
