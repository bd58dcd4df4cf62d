import type { Command } from 'commander';
import type { AppContext } from '../app/context.ts';
import { systemClock } from '../clock.ts';
import { openDatabase } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { configFrom } from './main.ts';

/** Runs one command's work on the configured database (migrated first) and closes it after. */
export async function withAppContext(
  program: Command,
  run: (ctx: AppContext) => Promise<void>,
): Promise<void> {
  const config = configFrom(program);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database.db, systemClock.now());
    await run({ db: database.db, clock: systemClock });
  } finally {
    await database.close();
  }
}
