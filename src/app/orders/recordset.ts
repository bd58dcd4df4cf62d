import { type RawBuilder, sql } from 'kysely';
import { booleanArray, numberArray, textArray } from '../import/array-literal.ts';

/** A column of a recordset: its type and one value per row. */
export type RecordsetColumn =
  | { type: 'text'; values: readonly (string | null)[] }
  | { type: 'int' | 'int8'; values: readonly (number | null)[] }
  | { type: 'bool'; values: readonly boolean[] }
  | { type: 'timestamptz'; values: readonly (Date | null)[] };

function literal(column: RecordsetColumn): string {
  switch (column.type) {
    case 'text':
      return textArray(column.values);
    case 'int':
    case 'int8':
      return numberArray(column.values);
    case 'bool':
      return booleanArray(column.values);
    case 'timestamptz':
      return textArray(column.values.map((at) => at?.toISOString() ?? null));
  }
}

/**
 * Rows sent to a statement as one array per column, `unnest(…) as alias(columns…)`, the way an
 * import sends its batches. For the hundreds of rows of a bulk request it costs both sides less
 * than a JSON array of objects read with `json_to_recordset`: the names are not repeated in every
 * row, and the database parses each array once instead of building every row's object.
 */
export function recordset(alias: string, columns: Record<string, RecordsetColumn>): RawBuilder<unknown> {
  const names = Object.keys(columns);
  const values = recordsetParameters(columns);
  const arrays = names.map((name, i) => sql`${values[i]}::${sql.raw(columns[name]!.type)}[]`);
  return sql`unnest(${sql.join(arrays)}) as ${sql.raw(alias)}(${sql.raw(names.join(', '))})`;
}

/** What `recordset` binds for these columns, in its order: one array literal a column. */
export function recordsetParameters(columns: Record<string, RecordsetColumn>): string[] {
  return Object.values(columns).map(literal);
}
