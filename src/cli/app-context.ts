import type { Command } from 'commander';
import type { AppContext } from '../app/context.ts';
import { systemClock } from '../clock.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { configFrom } from './config-from.ts';

/**
 * The command line's one way to the database: opens the configured database, migrates it, runs one
 * command's work and closes it after.
 */
export async function withAppContext(
  program: Command,
  run: (ctx: AppContext, config: Config) => Promise<void>,
): Promise<void> {
  const config = configFrom(program);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database.db, systemClock.now());
    await run({ db: database.db, clock: systemClock }, config);
  } finally {
    await database.close();
  }
}

/** `loyalty migrate`: opens the configured database, applies the migrations it lacks and closes it. */
export async function migrateDatabase(program: Command): Promise<string[]> {
  const config = configFrom(program);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await migrate(database.db, systemClock.now());
  } finally {
    await database.close();
  }
}
