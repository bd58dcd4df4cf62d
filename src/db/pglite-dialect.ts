import type { PGlite } from '@electric-sql/pglite';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { PGlitePreparedStatements } from './pglite-prepared.ts';

/** What a statement may change: nothing, one table's rows, or anything. */
type Effect = null | string | '*';

/**
 * Statements that change nothing when they name no writing word (WRITE_WORDS: a data-modifying
 * WITH, EXPLAIN ANALYZE of a write, SELECT … INTO, a sequence's nextval).
 */
const READ =
  /^\s*(select|with|values|show|explain|begin|start\s+transaction|commit|end|rollback|savepoint|release)\b/i;
/** Words of a statement that may write; row locks (`for update`) are taken out first. */
const WRITE_WORDS = /\b(insert|update|delete|merge|truncate|copy|call|do|nextval|setval|lock|into)\b/i;
const ROW_LOCKS = /\bfor\s+(no\s+key\s+update|update|key\s+share|share)\b/gi;
/** An INSERT or UPDATE of one table: its rows are all it changes (no table here has a trigger that writes elsewhere). */
const ONE_TABLE = /^\s*(?:insert\s+into|update)\s+(?:"?\w+"?\s*\.\s*)?"?(\w+)"?/i;

function effectOf(text: string): Effect {
  if (READ.test(text)) return WRITE_WORDS.test(text.replace(ROW_LOCKS, '')) ? '*' : null;
  // A DELETE may cascade to other tables; DDL, SET (search_path), COPY, DO…: anything.
  return ONE_TABLE.exec(text)?.[1]?.toLowerCase() ?? '*';
}

/**
 * The writes this process made, per table: a stamp that changes whenever a table may have
 * changed, so that an in-process cache of rows can tell whether they are still what the database
 * holds without asking it. Only the embedded database offers this: one process owns its data
 * folder (a second is refused) and every statement goes through this driver, so nothing can
 * change a table unseen. On PostgreSQL other processes write too, and there is no stamp.
 * A statement whose effect is not plainly one table's rows (DELETE, DDL, several statements at
 * once, a data-modifying WITH) counts as a change of every table.
 */
export class TableWrites {
  private counter = 0;
  private everything = 0;
  private readonly tables = new Map<string, number>();
  private readonly effects = new Map<string, Effect>();

  /** Called around every statement sent to the engine. */
  wrote(text: string): void {
    let effect = this.effects.get(text);
    if (effect === undefined) {
      effect = effectOf(text);
      if (this.effects.size < 5_000) this.effects.set(text, effect);
    }
    if (effect === null) return;
    if (effect === '*') this.everything = ++this.counter;
    else this.tables.set(effect, ++this.counter);
  }

  /** Equal for two calls only when none of `tables` was written in between. */
  stamp(tables: readonly string[]): number {
    let stamp = this.everything;
    for (const table of tables) stamp = Math.max(stamp, this.tables.get(table) ?? 0);
    return stamp;
  }
}

/**
 * Kysely over embedded PGlite. PGlite has exactly one connection, so the driver hands it to one
 * user at a time: a transaction holds it until commit or rollback, and any other query waits.
 * (Code inside a transaction must therefore use the transaction handle, never the outer `db`.)
 */
export class PGliteDialect implements Dialect {
  readonly writes = new TableWrites();
  constructor(private readonly pglite: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pglite, this.writes);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

class PGliteConnection implements DatabaseConnection {
  private readonly statements: PGlitePreparedStatements;

  constructor(
    private readonly pglite: PGlite,
    private readonly writes: TableWrites,
  ) {
    this.statements = new PGlitePreparedStatements(pglite);
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Migrations send several statements at once, which only the simple protocol accepts.
    const several = query.parameters.length === 0 && query.sql.includes(';');
    const text = several ? 'do' : query.sql;
    // Counted before and after: a cache filled in between sees a stamp that no longer holds.
    this.writes.wrote(text);
    try {
      const result = several
        ? ((await this.pglite.exec(query.sql)).at(-1) as unknown as { rows: R[]; affectedRows?: number })
        : await this.statements.query<R>(query.sql, query.parameters as unknown[]);
      return {
        rows: result.rows,
        ...(result.affectedRows !== undefined ? { numAffectedRows: BigInt(result.affectedRows) } : {}),
      };
    } finally {
      this.writes.wrote(text);
    }
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered by the embedded engine
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on the embedded database');
  }
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  private queue: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;

  constructor(pglite: PGlite, writes: TableWrites) {
    this.connection = new PGliteConnection(pglite, writes);
  }

  async init() {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.release = release;
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const level = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery({ sql: `begin${level}`, parameters: [] } as unknown as CompiledQuery);
  }

  async commitTransaction(connection: DatabaseConnection) {
    await connection.executeQuery({ sql: 'commit', parameters: [] } as unknown as CompiledQuery);
  }

  async rollbackTransaction(connection: DatabaseConnection) {
    await connection.executeQuery({ sql: 'rollback', parameters: [] } as unknown as CompiledQuery);
  }

  async releaseConnection() {
    const release = this.release;
    this.release = undefined;
    release?.();
  }

  async destroy() {}
}
