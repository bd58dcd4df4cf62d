import { COLUMNS, type ImportKind, REQUIRED_COLUMNS } from './columns.ts';
import type { ProblemList } from './problems.ts';

/** Where each known column is in the file's rows (-1: the file leaves it out). */
export interface Header<C extends string = string> {
  index: Record<C, number>;
  /** Fields in the header, which every row must have too. */
  width: number;
  /** The header's names as written, to name a column by its number. */
  written: string[];
}

const normal = (name: string) => name.trim().toLowerCase();

/**
 * Reads the header (line 1): every column must be one of the kind's, once; the required ones must
 * be there. Returns null, with the problems added, when the rows cannot be read by it.
 */
export function readHeader<C extends string>(
  kind: ImportKind,
  fields: string[],
  problems: ProblemList,
): Header<C> | null {
  const known = COLUMNS[kind];
  const index = Object.fromEntries(known.map((name) => [name, -1])) as Record<string, number>;
  const before = problems.count;
  fields.forEach((field, i) => {
    const name = normal(field);
    if (!(name in index)) {
      problems.add({
        line: 1,
        column: field.trim() || `#${i + 1}`,
        value: null,
        code: 'unknown_column',
        params: { known: known.join(', ') },
      });
    } else if (index[name] !== -1) {
      problems.add({ line: 1, column: name, value: null, code: 'duplicate_column' });
    } else {
      index[name] = i;
    }
  });
  for (const name of REQUIRED_COLUMNS[kind]) {
    if (index[name] === -1) problems.add({ line: 1, column: name, value: null, code: 'missing_column' });
  }
  if (problems.count > before) return null;
  return { index: index as Record<C, number>, width: fields.length, written: fields.map((f) => f.trim()) };
}
