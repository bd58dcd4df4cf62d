import type { RecordsetColumn } from './recordset.ts';

/** A column of a recordset of rows: its type and how each row gives its value. */
export type ColumnOf<R> =
  | { type: 'text'; of: (row: R) => string | null }
  | { type: 'int' | 'int8'; of: (row: R) => number | null }
  | { type: 'bool'; of: (row: R) => boolean }
  | { type: 'timestamptz'; of: (row: R) => Date | null };

/** The columns of a recordset with one row per element of `rows`. */
export function columnsOf<R>(
  rows: readonly R[],
  columns: Record<string, ColumnOf<R>>,
): Record<string, RecordsetColumn> {
  return Object.fromEntries(
    Object.entries(columns).map(([name, { type, of }]) => [
      name,
      // Each union member's values match its own type; TypeScript does not follow that through the map.
      { type, values: rows.map((row) => of(row)) } as RecordsetColumn,
    ]),
  );
}

/**
 * The same, with `idx` first: each row's place among them, by which a statement answers row by
 * row in their order.
 */
export function placedColumnsOf<R>(
  rows: readonly R[],
  columns: Record<string, ColumnOf<R>>,
): Record<string, RecordsetColumn> {
  return { idx: { type: 'int', values: rows.map((_, idx) => idx) }, ...columnsOf(rows, columns) };
}
