import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const dir = mkdtempSync(join(tmpdir(), 'loyalty-serve-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('serve starts on the embedded database, prints where to open it, answers, and stops on SIGTERM', async () => {
  const child = spawn(
    process.execPath,
    ['bin/loyalty.mjs', 'serve', '--port', '0', '--data-dir', join(dir, 'db')],
    {
      env: { ...process.env, DATABASE_URL: '', LOYALTY_SEED_DEMO: 'false', LOYALTY_LOG: 'silent' },
    },
  );
  let output = '';
  child.stderr.on('data', (d) => (output += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 30_000);
    child.stdout.on('data', (d) => {
      output += d;
      const match = /Open (http:\/\/127\.0\.0\.1:\d+)\/admin/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  assert.match(output, /embedded database in .*db/);
  const health = await fetch(`${url}/health`);
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: 'ok' });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});
