import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';

export interface RunningService {
  /** The environment the service runs with: the CLI given it works on the same data folder. */
  env: Record<string, string>;
  /** A folder of the suite's own, removed after it; the data folder is inside. */
  dir: string;
  dataDir: string;
  /** The service's address, once `before` has run. */
  url: string;
  /** What the service printed so far. */
  output: () => string;
  /** Stops the service (the suite stops it anyway when it ends). */
  stop: () => Promise<void>;
}

/**
 * `loyalty serve` started as `npm start` starts it, on a fresh embedded data folder of its own,
 * for the suite it is called in: it starts before the suite's tests and is stopped and its folder
 * removed after them, so the command line can be run beside it on the same folder.
 */
export function runningService(
  prefix: string,
  options: { jobs?: boolean; log?: string; folder?: string } = {},
): RunningService {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dataDir = join(dir, options.folder ?? 'db');
  let output = '';
  const service: RunningService = {
    env: {
      DATABASE_URL: '',
      LOYALTY_DATA_DIR: dataDir,
      LOYALTY_SEED_DEMO: 'false',
      LOYALTY_LOG: options.log ?? 'silent',
    },
    dir,
    dataDir,
    url: '',
    output: () => output,
    stop: async () => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child!.on('close', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
  let child: ChildProcess | undefined;

  before(async () => {
    const args = ['bin/loyalty.mjs', 'serve', '--port', '0', ...(options.jobs ? [] : ['--no-jobs'])];
    const started = spawn(process.execPath, args, { env: { ...process.env, ...service.env } });
    child = started;
    started.stderr!.on('data', (d) => (output += d));
    started.stdout!.on('data', (d) => (output += d));
    // However long the first start takes (it creates the database): the address, or the exit.
    service.url = await new Promise<string>((resolve, reject) => {
      started.on('close', (code, signal) =>
        reject(new Error(`serve ended (${signal ?? code}) without printing its address: ${output}`)),
      );
      started.stdout!.on('data', () => {
        const match = /Open (http:\/\/127\.0\.0\.1:\d+)\/admin/.exec(output);
        if (match) resolve(match[1]!);
      });
    });
  });
  after(async () => {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return service;
}
