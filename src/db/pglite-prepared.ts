import { type PGlite, protocol, types } from '@electric-sql/pglite';

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
 * sales statements that was three quarters of the time. As with the pool on PostgreSQL, a
 * statement is named the second time its text is seen, and the number of names is capped so that
 * SQL of many shapes cannot grow without bound; the rest goes through `query` as before.
 * Values are serialized and rows parsed with the instance's own serializers and parsers, exactly
 * as `query` does.
 */
export class PGlitePreparedStatements {
  private readonly prepared = new Map<string, Prepared>();
  private readonly seen = new Set<string>();
  private counter = 0;

  constructor(
    private readonly pglite: PGlite,
    private readonly maxStatements = 500,
  ) {}

  async query<R>(text: string, params: unknown[]): Promise<PreparedResult<R>> {
    const statement = this.prepared.get(text) ?? (await this.prepareOnSecondSight(text));
    if (!statement) {
      const result = await this.pglite.query<R>(text, params);
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    }
    try {
      return await this.execute<R>(statement, params);
    } catch (error) {
      // A migration changed a table under the statement: prepare it afresh, once.
      if (!/cached plan must not change result type/.test(String((error as Error).message))) throw error;
      await this.forget(text, statement);
      const again = await this.prepare(text);
      return this.execute<R>(again, params);
    }
  }

  private async prepareOnSecondSight(text: string): Promise<Prepared | undefined> {
    if (this.prepared.size >= this.maxStatements || text.length > 16_384) return undefined;
    if (!this.seen.has(text)) {
      if (this.seen.size < this.maxStatements * 4) this.seen.add(text);
      return undefined;
    }
    return this.prepare(text);
  }

  private async prepare(text: string): Promise<Prepared> {
    const name = `loyalty_${++this.counter}`;
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
    this.prepared.set(text, statement);
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

  private async forget(text: string, statement: Prepared): Promise<void> {
    this.prepared.delete(text);
    await this.exchange([serialize.close({ type: 'S', name: statement.name }), serialize.sync()]);
  }

  /** One round into the engine, exclusive with PGlite's own queries and dumps. */
  private exchange(parts: Uint8Array[]) {
    const message = concat(parts);
    return this.pglite
      ._runExclusiveQuery(() => this.pglite.execProtocol(message))
      .then((result) => result.messages);
  }
}
