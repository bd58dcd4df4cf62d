import { Command, CommanderError } from 'commander';
import { databaseTrouble } from '../app/database-trouble.ts';
import { ConfigError } from '../config.ts';
import { DatabaseUnavailableError } from '../db/connect.ts';
import { DomainError } from '../domain/errors.ts';
import { registerAdminCommands } from './admin-commands.ts';
import { registerApiKeyCommands } from './api-key-commands.ts';
import { migrateDatabase } from './app-context.ts';
import { registerBillingCommands } from './billing-commands.ts';
import { registerCampaignCommands } from './campaign-commands.ts';
import { configFrom } from './config-from.ts';
import { registerImportCommands } from './import-commands.ts';
import { publishLocalService, ServiceAnswerError } from './local-service.ts';
import { registerMemberCommands } from './member-commands.ts';
import { registerMonthlyCommands } from './monthly-commands.ts';
import { registerOperatorKeyCommands } from './operator-key-commands.ts';
import { registerShopCommands } from './shop-commands.ts';
import { registerStorefrontSecretCommands } from './storefront-secret-commands.ts';

/** Expected failures end with one line on stderr and exit code 1; anything else is a bug and shows its stack. */
export function failWith(error: unknown): never {
  console.error(expectedFailureLine(error) ?? error);
  process.exit(1);
}

/** The one line an expected failure prints, or undefined for a bug (which shows its stack). */
export function expectedFailureLine(error: unknown): string | undefined {
  if (error instanceof DomainError) {
    const fields = error.fields.map((f) => `${f.field}: ${f.message}`).join('; ');
    return `error: ${error.message}${fields ? ` (${fields})` : ''} [${error.code}]`;
  }
  if (
    error instanceof DatabaseUnavailableError ||
    error instanceof ConfigError ||
    error instanceof ServiceAnswerError
  ) {
    return `error: ${error.message}`;
  }
  // The same troubles the service answers with 503: nothing was changed, and running the command
  // again is the fix, so they are told as such rather than as a crash.
  switch (databaseTrouble(error)) {
    case 'conflict':
      return 'error: another change to the same records ran at the same moment and this command was rolled back, changing nothing: run it again';
    case 'unreachable':
      return `error: the database stopped answering (${(error as Error).message}): check that it is running, then run the command again`;
    default:
      return undefined;
  }
}

export function buildCli(): Command {
  const program = new Command('loyalty')
    .description('Loyalty program service for online stores')
    .showHelpAfterError('(run "loyalty --help" for the commands)')
    .option('--database-url <url>', 'PostgreSQL URL (default: DATABASE_URL, else the embedded database)')
    .option('--data-dir <dir>', 'folder of the embedded database (default: LOYALTY_DATA_DIR or ./data)');

  program
    .command('serve')
    .description('start the service (HTTP API and admin) and its jobs')
    .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)')
    .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)')
    .option(
      '--no-jobs',
      'serve HTTP only: the monthly conversion, e-mail and housekeeping run in another process',
    )
    .action(async (opts: { port?: string; host?: string; jobs: boolean }) => {
      const config = configFrom(program, { PORT: opts.port, HOST: opts.host });
      // Loaded here, not at the top: the server and its jobs are half of what the program loads,
      // and every other command (a shop, a key, an import) would pay for them at each start.
      const [{ startService }, { startHooks }] = await Promise.all([
        import('../service.ts'),
        import('./start-hooks.ts'),
      ]);
      const service = await startService(config, { hooks: startHooks({ jobs: opts.jobs }) });
      // On the embedded database the command line changes data through this service (local-service.ts).
      const unpublish = config.databaseUrl
        ? async () => {}
        : await publishLocalService(service.ctx, service.database.location, service.url);
      const where = config.databaseUrl
        ? service.database.location
        : `embedded database in ${service.database.location}`;
      console.log(`Loyalty service running on ${where}`);
      if (!opts.jobs) console.log('Jobs: not run by this process (--no-jobs)');
      console.log(`Open ${service.url}/admin  (API docs: ${service.url}/docs)`);
      console.log('Shops and API keys: loyalty shop create / loyalty api-key create (see loyalty --help)');
      const stop = async () => {
        await unpublish();
        await service.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  program
    .command('migrate')
    .description('create or update the database schema, then exit')
    .action(async () => {
      const applied = await migrateDatabase(program);
      console.log(applied.length ? `Applied ${applied.join(', ')}` : 'The schema is up to date');
    });

  registerApiKeyCommands(program);
  registerAdminCommands(program);
  registerMonthlyCommands(program);
  registerShopCommands(program);
  registerOperatorKeyCommands(program);
  registerBillingCommands(program);
  registerImportCommands(program);
  registerMemberCommands(program);
  registerCampaignCommands(program);
  registerStorefrontSecretCommands(program);
  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  const cli = buildCli();
  cli.exitOverride();
  try {
    await cli.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    failWith(error);
  }
}
