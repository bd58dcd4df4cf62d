import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import { otherProcessAlive } from '../db/process-alive.ts';

/**
 * The file a service on the embedded database writes into its data folder when it starts: its
 * address and a local operator key (new at every start, file mode 0600), so that the command line
 * of the same machine can change data through the service while the service holds the folder.
 */
export const LOCAL_SERVICE_FILE = 'local-service.json';

export interface LocalService {
  url: string;
  key: string;
  pid: number;
}

/** The service running on this embedded data folder, when one is (never on PostgreSQL). */
export function runningLocalService(config: Config): LocalService | undefined {
  if (config.databaseUrl) return undefined;
  let service: LocalService;
  try {
    service = JSON.parse(readFileSync(join(resolve(config.dataDir), LOCAL_SERVICE_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  if (!otherProcessAlive(service.pid)) return undefined;
  return service;
}
