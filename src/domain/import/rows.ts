import type { Header } from './header.ts';
import type { ProblemList } from './problems.ts';

/**
 * Reads the records of one kind of file, one line at a time (after the header), and hands back
 * what is complete and valid; what is not is reported to the file's problem list instead.
 */
export interface RowReader<T> {
  read(fields: string[], line: number): T | null;
  /** At the end of the file: what was still open (an order's last line), or null. */
  end(): T | null;
}

/**
 * Whether the record has the header's number of fields; rows that end in extra empty fields (as
 * spreadsheets write them) pass. Adds the problem when not.
 */
export function hasHeaderWidth(
  fields: string[],
  header: Header,
  line: number,
  problems: ProblemList,
): boolean {
  if (fields.length === header.width) return true;
  if (fields.length > header.width && fields.slice(header.width).every((f) => f.trim() === '')) return true;
  problems.add({
    line,
    column: null,
    value: null,
    code: 'field_count',
    params: { got: fields.length, expected: header.width },
  });
  return false;
}

/**
 * The ids seen so far in a file, each with the line it was first seen on, kept as a 64-bit hash and
 * a line number (12 bytes an id, in typed arrays the garbage collector never walks) rather than the
 * ids themselves: a million order ids in a Map cost about 100 MB and, read by every collection of
 * a heap that holds them, a fifth of an import's time. Two ids whose hashes agree would be taken
 * for one; for a million ids the chance that any two do is about one in 30 million.
 */
export class SeenIds {
  private high = new Uint32Array(1 << 16);
  private low = new Uint32Array(1 << 16);
  /** The line + 1 (0: an empty slot). */
  private lines = new Uint32Array(1 << 16);
  private count = 0;

  /** The line the id was first seen on, or undefined (and now it is seen, on `line`). */
  firstLine(id: string, line: number): number | undefined {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    const found = this.find(h1 >>> 0, h2 >>> 0);
    if (this.lines[found]! !== 0) return this.lines[found]! - 1;
    this.high[found] = h1 >>> 0;
    this.low[found] = h2 >>> 0;
    this.lines[found] = line + 1;
    if (++this.count * 2 > this.lines.length) this.grow();
    return undefined;
  }

  get size(): number {
    return this.count;
  }

  /** The slot holding this hash, or the empty slot where it belongs (linear probing). */
  private find(high: number, low: number): number {
    const mask = this.lines.length - 1;
    let slot = (high ^ Math.imul(low, 0x9e3779b1)) & mask;
    while (this.lines[slot]! !== 0 && (this.high[slot] !== high || this.low[slot] !== low))
      slot = (slot + 1) & mask;
    return slot;
  }

  private grow() {
    const { high, low, lines } = this;
    this.high = new Uint32Array(lines.length * 2);
    this.low = new Uint32Array(lines.length * 2);
    this.lines = new Uint32Array(lines.length * 2);
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] === 0) continue;
      const slot = this.find(high[i]!, low[i]!);
      this.high[slot] = high[i]!;
      this.low[slot] = low[i]!;
      this.lines[slot] = lines[i]!;
    }
  }
}
