// A second ceiling for an import: PostgreSQL's own fastest way in, COPY FROM STDIN, of the very
// rows the import wrote, into the same tables with the same indexes, checks and foreign keys, in
// one transaction, as the import's all-or-nothing needs. The plain INSERT ceiling prices a row
// with none of those; this one prices the schema, so the ratio to it is the import's own overhead
// (reading, checking, the statements) and what is left is the schema's cost.
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { withClient } from './support.ts';

/** What an orders import writes, parents first (the foreign keys are checked row by row). */
const TABLES = ['orders', 'order_lines', 'order_returns', 'reviews'] as const;

/** Streams the shop's rows of each table an import writes into files in `dir` (COPY's text format). */
export function saveImportedRows(url: string, shopId: string, dir: string): Promise<void> {
  return withClient(url, async (client) => {
    for (const table of TABLES) {
      const text = `copy (select * from ${table} where shop_id = ${client.escapeLiteral(shopId)}) to stdout`;
      await pipeline(client.query(copyTo(text)), createWriteStream(join(dir, `${table}.copy`)));
    }
  });
}

/**
 * COPYs the saved rows into the database at `url` (migrated, with the shop and its store versions)
 * in one transaction; returns the milliseconds it took, commit included.
 */
export function copyImportedRows(url: string, dir: string): Promise<number> {
  return withClient(url, async (client) => {
    const started = performance.now();
    await client.query('begin');
    for (const table of TABLES)
      await pipeline(
        createReadStream(join(dir, `${table}.copy`)),
        client.query(copyFrom(`copy ${table} from stdin`)),
      );
    await client.query('commit');
    return performance.now() - started;
  });
}
