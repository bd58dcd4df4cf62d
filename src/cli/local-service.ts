import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { AppContext } from '../app/context.ts';
import { createLocalOperatorKey, revokeOperatorKey } from '../app/operator/operator-keys.ts';
import type { Config } from '../config.ts';
import { withAppContext } from './app-context.ts';
import { configFrom } from './config-from.ts';
import { LOCAL_SERVICE_FILE, type LocalService, runningLocalService } from './local-service-file.ts';

export { LOCAL_SERVICE_FILE, type LocalService };

/** A refusal of the running service, printed as one line like a DomainError. */
export class ServiceAnswerError extends Error {
  override readonly name = 'ServiceAnswerError';
}

/**
 * Writes the local credential of a service that just started on the embedded database; returns
 * what removes it again (the file, and the key revoked) when the service stops.
 */
export async function publishLocalService(
  ctx: AppContext,
  dataDir: string,
  url: string,
): Promise<() => Promise<void>> {
  const key = await createLocalOperatorKey(ctx, `local command line (service pid ${process.pid})`);
  const file = join(dataDir, LOCAL_SERVICE_FILE);
  const service: LocalService = { url, key: key.key, pid: process.pid };
  rmSync(file, { force: true });
  writeFileSync(file, `${JSON.stringify(service)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return async () => {
    rmSync(file, { force: true });
    await revokeOperatorKey(ctx, key.id).catch(() => {});
  };
}

/** Calls the running service's operator API; a refusal becomes one line with its code. */
export async function callLocalService<T>(
  service: LocalService,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  let answer: Response;
  try {
    answer = await fetch(`${service.url}/v1/operator${path}`, {
      method,
      headers: {
        authorization: `Bearer ${service.key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw new ServiceAnswerError(
      `The data folder is in use by the service at ${service.url} (pid ${service.pid}), which did not answer (${error instanceof Error ? error.message : error}); try again, or stop it and run the command alone.`,
    );
  }
  // biome-ignore lint/suspicious/noExplicitAny: the answer's JSON, read field by field
  const json: any = await answer.json().catch(() => null);
  if (answer.ok) return json as T;
  const fields = (json?.errors ?? []).map(
    (f: { field: string; message: string }) => `${f.field}: ${f.message}`,
  );
  throw new ServiceAnswerError(
    `${json?.detail ?? `the service answered ${answer.status}`}${fields.length ? ` (${fields.join('; ')})` : ''} [${json?.code ?? answer.status}]`,
  );
}

/**
 * Runs a command that changes data: on the database itself, or, when a service holds the embedded
 * data folder, through that service's operator API with its local credential.
 */
export async function withDatabaseOrService(
  program: Command,
  local: (ctx: AppContext, config: Config) => Promise<void>,
  remote: (service: LocalService, config: Config) => Promise<void>,
): Promise<void> {
  const config = configFrom(program);
  const service = runningLocalService(config);
  if (service) return remote(service, config);
  return withAppContext(program, local);
}
