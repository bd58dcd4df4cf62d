import type { Command } from 'commander';
import type { AppContext } from '../app/context.ts';
import { systemClock } from '../clock.ts';
import type { Config } from '../config.ts';
import { DatabaseUnavailableError, openDatabase } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { configFrom } from './config-from.ts';
import { runningLocalService } from './local-service-file.ts';

/**
 * The command line's one way to the database: opens the configured database, migrates it, runs one
 * command's work and closes it after.
 */
export async function withAppContext(
  program: Command,
  run: (ctx: AppContext, config: Config) => Promise<void>,
): Promise<void> {
  const config = configFrom(program);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).catch(
    (error: unknown) => {
      throw besideRunningService(error, config);
    },
  );
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

/**
 * A command that needs the embedded data folder itself while a service holds it: says what to do
 * instead (the commands that change shops and keys go through the service on their own).
 */
function besideRunningService(error: unknown, config: Config): unknown {
  const service = error instanceof DatabaseUnavailableError ? runningLocalService(config) : undefined;
  if (!service) return error;
  return new DatabaseUnavailableError(
    `The data folder ${config.dataDir} is held by the service running at ${service.url} (pid ${service.pid}), and this command needs the folder itself: use the admin at ${service.url}/admin or the API (docs at ${service.url}/docs), or stop the service and run the command again. (shop create/list/show/suspend/resume, api-key create/revoke, admin-user create and operator-key create work while it runs.)`,
  );
}
