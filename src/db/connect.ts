import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { PGliteDialect, type TableWrites } from './pglite-dialect.ts';
import { preparingPool } from './prepared-pool.ts';
import { otherProcessAlive } from './process-alive.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
/** The database or an open transaction on it: whatever a query should run on. */
export type Executor = Kysely<Database> | Transaction<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, safe to print (no password). */
  location: string;
  close(): Promise<void>;
}

/** Raised when the database cannot be opened; its message is one line saying what to check. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

const INT8 = 20;
const DATE = 1082;

/** Both drivers return int8 as a JS number (refusing values beyond 2^53) and dates as 'YYYY-MM-DD'. */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} does not fit a safe integer`);
  return n;
}
const keepText = (value: string) => value;

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

export async function openPostgres(url: string, poolSize = 10): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // A request waiting for a connection from an exhausted or unreachable server gives up (503)
    // rather than hanging until the client goes away.
    connectionTimeoutMillis: 10_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return parseInt8;
        if (oid === DATE) return keepText;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // A client losing its server must not crash the process. An idle one is reported by the pool;
  // one in use emits 'error' on itself as well as failing its query, which is what reports it.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const location = redactUrl(url);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnavailableError(
      `Cannot connect to PostgreSQL at ${location} (${reason}): check that the server is running and that DATABASE_URL is right.`,
    );
  }
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: process.env.LOYALTY_PREPARE === 'false' ? pool : preparingPool(pool),
    }),
  });
  return { db, kind: 'postgres', location, close: () => db.destroy() };
}

function takeLock(dataDir: string): () => void {
  const lockPath = join(dataDir, 'loyalty.lock');
  if (existsSync(lockPath)) {
    const pid = Number(readFileSync(lockPath, 'utf8').trim());
    if (otherProcessAlive(pid)) {
      throw new DatabaseUnavailableError(
        `The data folder ${dataDir} is in use by another process (pid ${pid}): stop it first, or use another folder with --data-dir.`,
      );
    }
    rmSync(lockPath, { force: true });
  }
  const fd = openSync(lockPath, 'wx');
  writeSync(fd, String(process.pid));
  closeSync(fd);
  return () => rmSync(lockPath, { force: true });
}

const pgliteParsers = { [INT8]: parseInt8, [DATE]: keepText };

/**
 * The engine's settings beyond PGlite's own. Its shared buffers default to PostgreSQL's 128 MB,
 * which the engine clears at start inside its WebAssembly memory: the process held about 350 MB
 * before its first request. 32 MB holds the hot pages of a shop (the demo's whole database is
 * about 60 MB on disk, and the files it reads again stay in the operating system's cache);
 * the WebAssembly memory then stays at its 128 MB minimum.
 */
export const PGLITE_SETTINGS = ['shared_buffers=32MB'];

/** Opens the embedded database in `dataDir` (created if missing), or in memory when `dataDir` is undefined. */
export async function openPGlite(
  dataDir: string | undefined,
  options: { loadDataDir?: Blob } = {},
): Promise<DatabaseHandle> {
  let unlock = () => {};
  let location = 'memory';
  if (dataDir) {
    location = resolve(dataDir);
    mkdirSync(location, { recursive: true });
    unlock = takeLock(location);
  }
  let pglite: PGlite;
  try {
    // Loaded only when used: a service on PostgreSQL does not carry the embedded engine in memory.
    const { PGlite } = await import('@electric-sql/pglite');
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    pglite = await PGlite.create({
      // Trigram indexes for member search (migration 005).
      extensions: { pg_trgm },
      startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((s) => ['-c', s])],
      ...(dataDir ? { dataDir: location } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers: pgliteParsers,
    });
  } catch (error) {
    unlock();
    throw new DatabaseUnavailableError(
      `Cannot open the embedded database in ${location} (${error instanceof Error ? error.message : error}): the folder may be damaged or from another version; move it away to start afresh.`,
    );
  }
  const dialect = new PGliteDialect(pglite);
  const db = new Kysely<Database>({ dialect });
  writesByDb.set(db, dialect.writes);
  return {
    db,
    kind: 'pglite',
    location,
    close: async () => {
      await db.destroy();
      await pglite.close();
      unlock();
    },
    ...{ pglite },
  };
}

const writesByDb = new WeakMap<object, TableWrites>();

/**
 * A stamp of the rows of `tables` in `db` (see `TableWrites`): the same number as long as nothing
 * wrote to them, so rows kept with it are still what the database holds. Undefined where the
 * process cannot know (PostgreSQL, which other processes write to): then nothing may be kept.
 */
export function tableStamp(db: object, tables: readonly string[]): number | undefined {
  return writesByDb.get(db)?.stamp(tables);
}

export interface DatabaseConfig {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
}

export function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPGlite(config.dataDir ?? './data');
}
