import type { Command } from 'commander';
import { readConfig } from '../config.ts';

/** The environment, with global and command options taking precedence. */
export function configFrom(program: Command, overrides: Record<string, string | undefined> = {}) {
  const globals = program.opts<{ databaseUrl?: string; dataDir?: string }>();
  const env = { ...process.env };
  if (globals.databaseUrl) env.DATABASE_URL = globals.databaseUrl;
  if (globals.dataDir) env.LOYALTY_DATA_DIR = globals.dataDir;
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) env[key] = value;
  return readConfig(env);
}
