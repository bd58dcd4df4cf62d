import pg from 'pg';
import type { AppContext } from '../src/app/context.ts';
import { createProgram, publishProgram } from '../src/app/program/manage-program.ts';
import { createShop, type StoreVersionInput } from '../src/app/shops/create-shop.ts';
import { type Clock, ManualClock } from '../src/clock.ts';
import { type DatabaseHandle, openPGlite, openPostgres } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import type { ProgramSettings } from '../src/domain/program/settings.ts';
import { throwawaySchema } from '../test/support/postgres-schema.ts';

export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The URL of a database of its own for a benchmark on the server at BENCH_SERVER_URL, created if missing. */
export async function ensureBenchDatabase(name: string): Promise<string> {
  const server = process.env.BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, migrated PostgreSQL schema of its own for one benchmark run, dropped on close. */
export async function benchPostgres(poolSize: number): Promise<DatabaseHandle & { url: string }> {
  const schema = await throwawaySchema(BENCH_DATABASE_URL, 'bench', new Date());
  const handle = await openPostgres(schema.url, poolSize);
  return {
    ...handle,
    url: schema.url,
    close: async () => {
      await handle.close();
      await schema.drop();
    },
  };
}

/** Runs `task(i)` for i in [0, count) with `workers` concurrent loops; returns operations per second. */
export async function runConcurrently(count: number, workers: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < count) await task(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, perSecond: count / seconds };
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** The one store version most benches' shops have. */
export const WEB_STORE: StoreVersionInput = { id: 'web', name: 'Web', requiresLogin: false };

/**
 * The shop every bench's fixture starts from: `shopId` with a program published on its web store
 * version (`program` overrides the program's defaults); the bench then writes its own rows.
 */
export async function benchShop(
  ctx: AppContext,
  shopId: string,
  options: { name?: string; storeVersions?: StoreVersionInput[]; program?: Partial<ProgramSettings> } = {},
): Promise<void> {
  await createShop(ctx, {
    id: shopId,
    name: options.name ?? 'Bench shop',
    storeVersions: options.storeVersions ?? [WEB_STORE],
  });
  await createProgram(ctx, shopId, { storeVersionIds: [WEB_STORE.id], ...options.program });
  await publishProgram(ctx, shopId);
}

/** The middle of the times (the upper one of an even count). */
export const median = (ms: readonly number[]) => [...ms].sort((a, b) => a - b)[ms.length >> 1]!;

/** Runs `task` `runs` times one after the other: each run's time, sorted, their median and the last answer. */
export async function repeatTimed<T>(runs: number, task: () => Promise<T>) {
  const ms: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < Math.max(1, runs); i++) {
    const started = performance.now();
    value = await task();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { ms, median: median(ms), value: value as T };
}

/**
 * How a timed task compares with its ceiling measured in the same run on the same database: the
 * ceiling's median time over the task's, so 1.00 is as fast as the ceiling and 0.25 a quarter of
 * its speed (the higher the better, as for the rate benches' ratios). The machine's speed drifts
 * from day to day; this ratio much less than either time.
 */
export function ceilingRatio(taskMs: number, ceilingMs: number): string {
  const ratio = ceilingMs / taskMs;
  // Two decimals, or two significant digits below 0.1: a page 200 times the sign-in page's time is not 0.00.
  return ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2);
}

/** A database for one measurement, and what the bench prints it as. */
export interface BenchDatabase {
  name: 'PostgreSQL' | 'PGlite';
  ctx: AppContext;
}

/**
 * The driver of the benches that measure the same work on PostgreSQL and then on the embedded
 * database: `measure` runs on a fresh, migrated database of each kind that BENCH_DB asks for
 * (`postgres`, `pglite` or `both`, the default), one after the other, each closed afterwards.
 * PostgreSQL is a throwaway schema (`benchPostgres`) with `poolSize` connections; `clock` is the
 * clock of both contexts (a ManualClock at `now`, by default the real time).
 */
export async function onEachDatabase(
  measure: (database: BenchDatabase) => Promise<void>,
  options: { now?: Date; poolSize?: number; clock?: Clock } = {},
): Promise<void> {
  const which = process.env.BENCH_DB ?? 'both';
  if (!['both', 'postgres', 'pglite'].includes(which))
    throw new Error(`BENCH_DB=${which}: use postgres, pglite or both`);
  const now = options.now ?? new Date();
  const clock = options.clock ?? new ManualClock(now);
  const kinds: [BenchDatabase['name'], () => Promise<DatabaseHandle>][] = [
    ['PostgreSQL', () => benchPostgres(options.poolSize ?? 4)],
    [
      'PGlite',
      async () => {
        const handle = await openPGlite(undefined);
        await migrate(handle.db, now);
        return handle;
      },
    ],
  ];
  for (const [name, open] of kinds) {
    if (which !== 'both' && which !== (name === 'PGlite' ? 'pglite' : 'postgres')) continue;
    const handle = await open();
    try {
      await measure({ name, ctx: { db: handle.db, clock } });
    } finally {
      await handle.close();
    }
  }
}

/** A connection of its own to the PostgreSQL database at `url` for `work`, closed after it. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
