import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppContext } from '../../../src/app/context.ts';
import { createShop } from '../../../src/app/shops/create-shop.ts';
import { systemClock } from '../../../src/clock.ts';
import { type DatabaseHandle, openPGlite } from '../../../src/db/connect.ts';
import { migratedPGlite, testDatabase } from '../../support/database.ts';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the `loyalty` command in a child process with these variables added to the environment. */
export function loyalty(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/loyalty.mjs', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface CliDatabase {
  /** The variables that point the command at this database. */
  env: Record<string, string>;
  /** Opens the database for the test; close it before the next command on the embedded one. */
  open(): Promise<DatabaseHandle>;
  close(): Promise<void>;
}

/**
 * The database the suite runs on, for the command line, with shop `shop1` and what `setUp` adds: a
 * PostgreSQL schema of its own, or an embedded database in a folder (opened by the test only while
 * no command runs, as it allows one process).
 */
export async function cliDatabase(
  prefix: string,
  setUp: (ctx: AppContext) => Promise<unknown> = async () => {},
): Promise<CliDatabase> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let env: Record<string, string>;
  let open: () => Promise<DatabaseHandle>;
  let closePostgres = async () => {};
  if (process.env.TEST_DATABASE_URL) {
    const database = await testDatabase();
    env = { DATABASE_URL: database.url! };
    open = async () => ({ ...database, close: async () => {} });
    closePostgres = () => database.close();
  } else {
    env = { DATABASE_URL: '', LOYALTY_DATA_DIR: join(dir, 'db') };
    open = () => openPGlite(join(dir, 'db'));
  }
  const close = async () => {
    await closePostgres();
    rmSync(dir, { recursive: true, force: true });
  };
  // Migrated already: a schema of testDatabase's, or a folder loaded from the migrated template.
  const database = process.env.TEST_DATABASE_URL ? await open() : await migratedPGlite(join(dir, 'db'));
  try {
    const ctx = { db: database.db, clock: systemClock };
    await createShop(ctx, { id: 'shop1', name: 'Shop', storeVersions: [] });
    await setUp(ctx);
  } catch (error) {
    await database.close();
    await close();
    throw error;
  }
  await database.close();
  return { env, open, close };
}
