/**
 * Reads rows written by PostgreSQL as one text, straight into typed arrays: a million rows
 * arrive as one string instead of a million row objects. A row is integers separated by ','
 * and, when `keys` is given, a last field `<length>:<key>` whose length counts code points (as
 * PostgreSQL's char_length does), so a key may hold any character, separators included.
 * Keys become dense indexes through `keys`, which every table of one history shares.
 */
export function parseRows(
  text: string | null,
  columns: number,
  keys?: Map<string, number>,
): { rows: number; values: Float64Array[]; keys: Int32Array } {
  const n = text?.length ?? 0;
  // Every row ends with ';' or the end of the text; keys may hold ';' too, so this is an upper bound.
  let capacity = n > 0 ? 1 : 0;
  for (let i = 0; i < n; i++) if (text!.charCodeAt(i) === 59) capacity++;
  const values = Array.from({ length: columns }, () => new Float64Array(capacity));
  const keyIndexes = new Int32Array(keys ? capacity : 0);
  let row = 0;
  let i = 0;
  while (i < n) {
    const t = text!;
    for (let c = 0; c < columns; c++) {
      let negative = false;
      if (t.charCodeAt(i) === 45) {
        negative = true;
        i++;
      }
      const begin = i;
      let value = 0;
      for (let ch = t.charCodeAt(i); ch >= 48 && ch <= 57; ch = t.charCodeAt(++i))
        value = value * 10 + (ch - 48);
      if (i === begin) throw new RangeError(`Expected a number at ${i}`);
      values[c]![row] = negative ? -value : value;
      const sep = t.charCodeAt(i);
      if (c < columns - 1 || keys) {
        if (sep !== 44) throw new RangeError(`Expected ',' at ${i}`);
      } else if (i < n && sep !== 59) {
        throw new RangeError(`Expected ';' at ${i}`);
      }
      i++;
    }
    if (keys) {
      let length = 0;
      for (let ch = t.charCodeAt(i); ch !== 58; ch = t.charCodeAt(++i)) {
        if (!(ch >= 48 && ch <= 57)) throw new RangeError(`Expected a key length at ${i}`);
        length = length * 10 + (ch - 48);
      }
      const begin = ++i;
      for (let k = 0; k < length; k++) {
        const ch = t.charCodeAt(i);
        i += ch >= 0xd800 && ch <= 0xdbff ? 2 : 1;
      }
      if (i > n) throw new RangeError('A key runs past the end of the text');
      const key = t.slice(begin, i);
      let index = keys.get(key);
      if (index === undefined) {
        index = keys.size;
        keys.set(key, index);
      }
      keyIndexes[row] = index;
      if (i < n && t.charCodeAt(i) !== 59) throw new RangeError(`Expected ';' at ${i}`);
      i++;
    }
    row++;
  }
  return {
    rows: row,
    values: values.map((v) => (row === capacity ? v : v.slice(0, row))),
    keys: keys && row !== capacity ? keyIndexes.slice(0, row) : keyIndexes,
  };
}

/**
 * Rows that arrive as several texts (slices of one scan, still being read), parsed as each
 * arrives but in slice order, so that keys are numbered as if the rows had come as one text.
 */
export async function parseSlicesInOrder(
  slices: Promise<string | null>[],
  columns: number,
  keys?: Map<string, number>,
): Promise<{ rows: number; values: Float64Array[]; keys: Int32Array }> {
  // A later slice may fail while an earlier one is awaited; it is reported by its own await.
  for (const slice of slices) slice.catch(() => {});
  const parts: ReturnType<typeof parseRows>[] = [];
  for (const slice of slices) parts.push(parseRows(await slice, columns, keys));
  if (parts.length === 1) return parts[0]!;
  const rows = parts.reduce((sum, part) => sum + part.rows, 0);
  const values = Array.from({ length: columns }, () => new Float64Array(rows));
  const keyIndexes = new Int32Array(keys ? rows : 0);
  let at = 0;
  for (const part of parts) {
    for (let c = 0; c < columns; c++) values[c]!.set(part.values[c]!, at);
    if (keys) keyIndexes.set(part.keys, at);
    at += part.rows;
  }
  return { rows, values, keys: keyIndexes };
}
