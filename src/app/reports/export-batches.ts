/** Rows an export reads with one statement: few enough that its memory stays flat, enough to be quick. */
export const EXPORT_BATCH_SIZE = 1000;

export interface ExportOptions {
  /** Rows per statement (default EXPORT_BATCH_SIZE); tests pass a small one to see the batches. */
  batchSize?: number | undefined;
}

/**
 * Every row of an export, one batch at a time: each statement reads the rows after the key of
 * the last row of the batch before (keyset paging, so the hundredth batch costs what the first
 * did), and the next is read only once the consumer asks for it, so a slow download holds one
 * batch in memory, never the table. A batch shorter than asked for is the last. The batches are
 * separate statements: a row written while an export runs may or may not be in it.
 */
export async function* keysetBatches<R, K>(
  read: (after: K | null, limit: number) => Promise<R[]>,
  keyOf: (row: R) => K,
  options: ExportOptions = {},
): AsyncGenerator<R[]> {
  const limit = options.batchSize ?? EXPORT_BATCH_SIZE;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`Batch size ${limit} is not a count`);
  let after: K | null = null;
  for (;;) {
    const rows = await read(after, limit);
    if (rows.length > 0) yield rows;
    if (rows.length < limit) return;
    after = keyOf(rows.at(-1)!);
  }
}

/** A period of time for an export: from `start` (included) to `end` (not included). */
export interface ExportPeriod {
  start: Date;
  end: Date;
}
