/** One page of a list: 1-based page number, clamped to the pages there are. */
export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
}

export const PAGE_SIZE = 50;

export function pageWindow(
  page: number | undefined,
  pageSize = PAGE_SIZE,
): { page: number; offset: number; limit: number } {
  const p = Number.isSafeInteger(page) && page! > 0 ? page! : 1;
  return { page: p, offset: (p - 1) * pageSize, limit: pageSize };
}

export function pageOf<T>(rows: T[], total: number, page: number, pageSize = PAGE_SIZE): Page<T> {
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / pageSize)), pageSize };
}

/**
 * One page of a list read newest first, one row more than `limit` (so that the extra row tells
 * whether another page follows): the page's entries, and the key to pass as `before` for the next
 * page, or null on the last one.
 */
export function pageBefore<R, E, K>(
  rows: R[],
  limit: number,
  entryOf: (row: R) => E,
  keyOf: (entry: E) => K,
): { entries: E[]; nextBefore: K | null } {
  const entries = rows.slice(0, limit).map(entryOf);
  return { entries, nextBefore: rows.length > limit ? keyOf(entries.at(-1)!) : null };
}

/** Text for ILIKE that matches itself literally: % and _ lose their wildcard meaning. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
