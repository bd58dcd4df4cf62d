import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import type { AppContext } from '../../src/app/context.ts';
import { ManualClock } from '../../src/clock.ts';
import { type DatabaseHandle, openPGlite } from '../../src/db/connect.ts';
import { buildServer } from '../../src/http/server.ts';
import { launchTestBrowser } from '../support/browser.ts';
import { migratedPGlite, testDatabase } from '../support/database.ts';

const execute = promisify(execFile);

export interface ServiceByCommand {
  ctx: AppContext;
  clock: ManualClock;
  /** Where the server listens: http://127.0.0.1:<port>, the same after `loyalty` restarted it. */
  base: string;
  browser: Browser;
  /**
   * Runs the command line (`loyalty <args>`) on this service's database as a merchant would: on
   * PostgreSQL beside the running server; on the embedded database, which one process at a time
   * can open (docs/operations.md), the server stops for the command and starts again on its port.
   */
  loyalty(args: string[]): Promise<{ stdout: string; stderr: string }>;
  close(): Promise<void>;
}

/**
 * The real server for the demo shop's browser test, on a database the command line can open too:
 * a schema of its own on PostgreSQL (TEST_DATABASE_URL), else the embedded database in a
 * temporary data folder (not in memory). `setUp` fills it before the server starts.
 */
export async function serviceByCommand(
  executablePath: string,
  setUp: (app: { ctx: AppContext; clock: ManualClock }) => Promise<void>,
): Promise<ServiceByCommand> {
  const clock = new ManualClock(new Date());
  const folder = process.env.TEST_DATABASE_URL
    ? undefined
    : mkdtempSync(join(tmpdir(), 'demo-shop-service-'));
  let database: DatabaseHandle & { url?: string | undefined } = folder
    ? await migratedPGlite(folder)
    : await testDatabase();
  let server: FastifyInstance | undefined;
  let browser: Browser | undefined;
  let port = 0;
  const service = {
    ctx: { db: database.db, clock } as AppContext,
    clock,
    base: '',
    browser: undefined as unknown as Browser,
    loyalty,
    close,
  };
  async function listen() {
    server = await buildServer({ ctx: service.ctx });
    service.base = await server.listen({ port, host: '127.0.0.1' });
    port = Number(new URL(service.base).port);
  }
  async function loyalty(args: string[]) {
    const where = folder ? ['--data-dir', folder] : ['--database-url', database.url!];
    // The database is the one named by the options, whatever the environment says.
    const env: NodeJS.ProcessEnv = { ...process.env, LOYALTY_LOG: 'silent' };
    delete env.DATABASE_URL;
    if (!folder) return execute(process.execPath, ['bin/loyalty.mjs', ...where, ...args], { env });
    await server?.close();
    await database.close();
    try {
      return await execute(process.execPath, ['bin/loyalty.mjs', ...where, ...args], { env });
    } finally {
      database = await openPGlite(folder);
      service.ctx = { db: database.db, clock };
      await listen();
    }
  }
  async function close() {
    await browser?.close();
    await server?.close();
    await database.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  }
  try {
    await setUp(service);
    await listen();
    browser = await launchTestBrowser(executablePath);
    service.browser = browser;
    return service;
  } catch (error) {
    await close();
    throw error;
  }
}
