import type { FastifyInstance } from 'fastify';
import type { AppContext } from './app/context.ts';
import { type ServiceContext, serviceContext } from './app/service-context.ts';
import { type Clock, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { type DatabaseHandle, openDatabase } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { buildServer } from './http/server.ts';

export interface RunningService {
  app: FastifyInstance;
  ctx: ServiceContext;
  database: DatabaseHandle;
  url: string;
  close(): Promise<void>;
}

/** Hooks that later parts of the service (seeding, jobs) attach to start-up and shutdown. */
export type StartHook = (service: {
  ctx: AppContext;
  config: Config;
  log: (line: string) => void;
}) => Promise<(() => Promise<void>) | void>;

/**
 * The composition root: opens the database, migrates, makes the service's context with its
 * long-lived objects (`ServiceContext`: the sales writer, the code checks, the dashboard cache),
 * runs the start hooks, builds the server on that context and starts it.
 */
export async function startService(
  config: Config,
  options: { clock?: Clock; hooks?: StartHook[]; log?: (line: string) => void } = {},
): Promise<RunningService> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? ((line: string) => console.log(line));
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const stops: (() => Promise<void>)[] = [];
  try {
    await migrate(database.db, clock.now());
    const ctx = serviceContext({ db: database.db, clock });
    for (const hook of options.hooks ?? []) {
      const stop = await hook({ ctx, config, log });
      if (stop) stops.push(stop);
    }
    const app = await buildServer({
      ctx,
      logLevel: config.logLevel,
      publicUrl: config.publicUrl,
      ...(config.apiRateLimit !== undefined
        ? { apiRateLimit: { perKey: config.apiRateLimit ?? false } }
        : {}),
      ...(config.shopperRateLimits
        ? {
            shopperRateLimits: {
              perShopper: config.shopperRateLimits.perShopper ?? false,
              perAddress: config.shopperRateLimits.perAddress ?? false,
            },
          }
        : {}),
      ...(config.http
        ? {
            timeouts: {
              requestMs: config.http.requestTimeoutMs,
              headersMs: config.http.headersTimeoutMs,
              keepAliveMs: config.http.keepAliveTimeoutMs,
              maxRequestsPerSocket: config.http.maxRequestsPerSocket,
              maxConnections: config.http.maxConnections,
            },
          }
        : {}),
    });
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    return {
      app,
      ctx,
      database,
      url,
      close: async () => {
        await app.close();
        for (const stop of stops.reverse()) await stop();
        await database.close();
      },
    };
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await database.close();
    throw error;
  }
}
