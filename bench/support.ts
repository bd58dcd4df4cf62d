import pg from 'pg';
import { type DatabaseHandle, openPostgres } from '../src/db/connect.ts';
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
