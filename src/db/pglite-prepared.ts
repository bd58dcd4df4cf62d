import { type PGlite, protocol, types } from '@electric-sql/pglite';
import { isStalePlanError, StatementNames } from './statement-names.ts';

interface Prepared {
  name: string;
  paramTypes: number[];
  fields: { name: string; dataTypeID: number }[];
}

export interface PreparedResult<R> {
  rows: R[];
  affectedRows: number;
}

const { serialize } = protocol;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Statements the service sends again and again, prepared once on the embedded database and then
 * only bound and executed, in one call into the engine. PGlite's own `query` parses, describes,
 * binds and executes an unnamed statement in six calls every time, and plans it anew: for the
 * sales statements that was three quarters of the time. `StatementNames` decides which to name,
 * as for the pool on PostgreSQL; the rest goes through `query` as before.
 * Values are serialized and rows parsed with the instance's own serializers and parsers, exactly
 * as `query` does.
 */
export class PGlitePreparedStatements {
  /** Statements prepared in the engine, by name. */
  private readonly prepared = new Map<string, Prepared>();
  private readonly names: StatementNames;

  constructor(
    private readonly pglite: PGlite,
    maxStatements = 500,
  ) {
    this.names = new StatementNames(maxStatements);
  }

  async query<R>(text: string, params: unknown[]): Promise<PreparedResult<R>> {
    const name = this.names.nameFor(text);
    if (!name) {
      const result = await this.pglite.query<R>(text, params);
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    }
    const statement = this.prepared.get(name) ?? (await this.prepare(name, text));
    try {
      return await this.execute<R>(statement, params);
    } catch (error) {
      // A migration changed a table under the statement: prepare it afresh, once.
      if (!isStalePlanError(error)) throw error;
      await this.close(name);
      return this.execute<R>(await this.prepare(name, text), params);
    }
  }

  private async prepare(name: string, text: string): Promise<Prepared> {
    const messages = await this.exchange([
      serialize.parse({ name, text }),
      serialize.describe({ type: 'S', name }),
      serialize.sync(),
    ]);
    let paramTypes: number[] = [];
    let fields: Prepared['fields'] = [];
    for (const message of messages) {
      if (message.name === 'parameterDescription')
        paramTypes = (message as unknown as { dataTypeIDs: number[] }).dataTypeIDs;
      if (message.name === 'rowDescription')
        fields = (message as unknown as { fields: Prepared['fields'] }).fields.map((f) => ({
          name: f.name,
          dataTypeID: f.dataTypeID,
        }));
    }
    const statement = { name, paramTypes, fields };
    this.prepared.set(name, statement);
    return statement;
  }

  private async execute<R>(statement: Prepared, params: unknown[]): Promise<PreparedResult<R>> {
    const { serializers, parsers } = this.pglite;
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = serializers[statement.paramTypes[i]!];
      return serializer ? serializer(value) : String(value);
    });
    const messages = await this.exchange([
      serialize.bind({ statement: statement.name, values }),
      serialize.execute({}),
      serialize.sync(),
    ]);
    const rows: R[] = [];
    let affectedRows = 0;
    const { fields } = statement;
    for (const message of messages) {
      if (message.name === 'dataRow') {
        const cells = (message as unknown as { fields: (string | null)[] }).fields;
        const row: Record<string, unknown> = {};
        for (let i = 0; i < fields.length; i++)
          row[fields[i]!.name] = types.parseType(cells[i] ?? null, fields[i]!.dataTypeID, parsers);
        rows.push(row as R);
      } else if (message.name === 'commandComplete') {
        const words = (message as unknown as { text: string }).text.split(' ');
        if (['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE'].includes(words[0]!))
          affectedRows += Number.parseInt(words.at(-1)!, 10) || 0;
      }
    }
    return { rows, affectedRows };
  }

  private async close(name: string): Promise<void> {
    this.prepared.delete(name);
    await this.exchange([serialize.close({ type: 'S', name }), serialize.sync()]);
  }

  /** One round into the engine, exclusive with PGlite's own queries and dumps. */
  private exchange(parts: Uint8Array[]) {
    const message = concat(parts);
    return this.pglite
      ._runExclusiveQuery(() => this.pglite.execProtocol(message))
      .then((result) => result.messages);
  }
}
