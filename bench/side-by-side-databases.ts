// Databases of its own for each side of a side-by-side run, on the one PostgreSQL server.
//
// bench:ledger and bench:api make a throwaway schema in the database of BENCH_DATABASE_URL: each
// side gets its own database for that (bench_old, bench_new). bench:monthly and bench:simulate use
// a database whose name is fixed in their code (only the server comes from BENCH_SERVER_URL), and
// bench:simulate keeps its generated data there between runs. Each side gets its own copy of such
// a database by renaming: the side's copy is parked as <name>_old or <name>_new, renamed to <name>
// for that side's run and parked again after it. A database of that name that was there before
// (from an ordinary bench run) is parked as <name>_own and renamed back at the end.
import type pg from 'pg';
import type { Side } from './side-by-side-run.ts';
import { withClient } from './support.ts';

export const SERVER_URL = process.env.BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const marker = (side: Side) => `side-by-side ${side}`;
const parked = (name: string, side: Side | 'own') => `${name}_${side}`;

const withServer = <T>(work: (client: pg.Client) => Promise<T>) => withClient(SERVER_URL, work);

const id = (name: string) => {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unexpected database name ${name}`);
  return `"${name}"`;
};

async function exists(client: pg.Client, name: string): Promise<boolean> {
  const result = await client.query('select 1 from pg_database where datname = $1', [name]);
  return result.rowCount !== 0;
}

async function comment(client: pg.Client, name: string): Promise<string | null> {
  const result = await client.query<{ comment: string | null }>(
    `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
    [name],
  );
  return result.rows[0]?.comment ?? null;
}

/** Renames a database; the benchmark's connections may take a moment to go after its process ends. */
async function rename(client: pg.Client, from: string, to: string): Promise<void> {
  if (await exists(client, to)) throw new Error(`cannot rename ${from} to ${to}: ${to} exists`);
  for (let attempt = 0; ; attempt++) {
    try {
      await client.query(`alter database ${id(from)} rename to ${id(to)}`);
      return;
    } catch (error) {
      if (attempt >= 40) {
        const sessions = await client.query(
          'select pid, application_name, state from pg_stat_activity where datname = $1',
          [from],
        );
        throw new Error(
          `cannot rename ${from} to ${to} (${(error as Error).message}); sessions on it: ${JSON.stringify(sessions.rows)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** A database on the server for each side's throwaway schemas (BENCH_DATABASE_URL), created if missing. */
export async function sideDatabaseUrl(side: Side): Promise<string> {
  const name = `bench_${side}`;
  await withServer(async (client) => {
    if (!(await exists(client, name))) await client.query(`create database ${id(name)}`);
  });
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Gives `side` its own copy of each fixed-name database for one benchmark run. */
export async function enterSide(names: readonly string[], side: Side): Promise<void> {
  await withServer(async (client) => {
    for (const name of names) {
      if (await exists(client, name)) {
        const owner = await comment(client, name);
        if (owner === marker('old')) await rename(client, name, parked(name, 'old'));
        else if (owner === marker('new')) await rename(client, name, parked(name, 'new'));
        else await rename(client, name, parked(name, 'own'));
      }
      if (await exists(client, parked(name, side))) await rename(client, parked(name, side), name);
    }
  });
}

/** Parks the side's copies again after its run (the benchmark creates a database that was missing). */
export async function leaveSide(names: readonly string[], side: Side): Promise<void> {
  await withServer(async (client) => {
    for (const name of names) {
      if (!(await exists(client, name))) continue;
      await client.query(`comment on database ${id(name)} is '${marker(side)}'`);
      await rename(client, name, parked(name, side));
    }
  });
}

/** Puts back a database of a fixed name that was there before the run. */
export async function restoreOwn(names: readonly string[]): Promise<void> {
  await withServer(async (client) => {
    for (const name of names) {
      if ((await exists(client, parked(name, 'own'))) && !(await exists(client, name))) {
        await rename(client, parked(name, 'own'), name);
      }
    }
  });
}

/** The fixed database names a benchmark's source uses (`const DATABASE = '…'`, given to ensureBenchDatabase). */
export function fixedDatabaseNames(source: string): string[] {
  return [...source.matchAll(/\bDATABASE\s*=\s*'([a-z][a-z0-9_]*)'/g)].map((found) => found[1]!);
}
