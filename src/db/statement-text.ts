import { CompiledQuery, type QueryResult, type RawBuilder } from 'kysely';
import type { Executor } from './connect.ts';

/**
 * The texts of statements whose SQL depends only on their shape, not on the rows they carry
 * (their rows travel as parameters, one array a column: see app/orders/recordset.ts). Kysely
 * builds and compiles a statement's template anew at each call, and for a sale's write that was
 * about 75 µs of Node CPU each time for the same text (docs/ledger.md). The text is a function of
 * the code and the key alone, so it is kept for the life of the process, one per key.
 */
const texts = new Map<string, string>();

/**
 * Runs the statement `build` makes, built and compiled only the first time `key` is seen; later
 * calls send the kept text with `parameters`. The key must name everything that shapes the text,
 * and `parameters` must be exactly what the built statement binds, in its order: the first build
 * checks that, so a template and its parameters cannot drift apart unnoticed.
 */
export async function executeByShape<R>(
  db: Executor,
  key: string,
  build: () => RawBuilder<R>,
  parameters: readonly unknown[],
): Promise<QueryResult<R>> {
  const text = texts.get(key);
  if (text !== undefined) return db.executeQuery<R>(CompiledQuery.raw(text, [...parameters]));
  const compiled = build().compile(db);
  const bound = compiled.parameters;
  if (bound.length !== parameters.length || bound.some((value, i) => value !== parameters[i])) {
    throw new Error(`The statement "${key}" binds other parameters than its caller gives`);
  }
  texts.set(key, compiled.sql);
  return db.executeQuery<R>(compiled);
}
