/**
 * PostgreSQL array literals (`{"a","b",NULL}`) built here rather than by the driver: an import
 * sends about 80,000 array elements a statement, and the driver's general conversion (a regular
 * expression and a type check per element) cost a tenth of the import's processor time. The
 * statement casts each parameter (`::text[]`, `::int8[]`, …), as it would the driver's own.
 */

/** Text (and times as ISO 8601 text): every element quoted, its quotes and backslashes escaped. */
export function textArray(values: readonly (string | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else if (v.includes('"') || v.includes('\\')) out += `"${v.replace(/["\\]/g, '\\$&')}"`;
    else out += `"${v}"`;
  }
  return `${out}}`;
}

/** Whole numbers. */
export function numberArray(values: readonly (number | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    out += v === null || v === undefined ? 'NULL' : String(v);
  }
  return `${out}}`;
}

export function booleanArray(values: readonly boolean[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) out += (i > 0 ? ',' : '') + (values[i] ? 't' : 'f');
  return `${out}}`;
}
