import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import type { AppContext } from '../../src/app/context.ts';
import { type ImportOutcome, importFile } from '../../src/app/import/run-import.ts';
import type { ImportKind } from '../../src/domain/import/columns.ts';
import { ENGLISH_WEB_SHOP, FINNISH_WEB_SHOP, newShop } from '../support/fixtures.ts';

/** The sample files of docs/import-samples/. */
export const SAMPLES = resolve('docs/import-samples');
export const sample = (name: string) => join(SAMPLES, name);

/** A shop moving in: a Finnish and an English web shop, no program yet. */
export function movingShop(ctx: AppContext, shopId: string): Promise<void> {
  return newShop(ctx, shopId, [FINNISH_WEB_SHOP, ENGLISH_WEB_SHOP]);
}

/** Files written for one test, removed with `close`. */
export function scratchFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-import-test-'));
  return {
    dir,
    write(name: string, content: string | Buffer): string {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface ImportOptions {
  separator?: ',' | ';';
  decimalComma?: boolean;
  checkOnly?: boolean;
  maxBytes?: number;
  author?: string;
}

/** Imports the file at `path` into the shop, as the command line does. */
export function importPath(
  ctx: AppContext,
  shopId: string,
  kind: ImportKind,
  path: string,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  return importFile(ctx, {
    shopId,
    kind,
    path,
    fileName: path.split('/').pop()!,
    fileBytes: statSync(path).size,
    separator: options.separator ?? null,
    decimalComma: options.decimalComma ?? false,
    checkOnly: options.checkOnly ?? false,
    author: options.author ?? 'test',
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
  });
}

/** Imports the file at `path`, which must go through (its problems are the message if not); returns the summary. */
export async function importedSummary(
  ctx: AppContext,
  shopId: string,
  kind: ImportKind,
  path: string,
  options: ImportOptions = {},
): Promise<ImportOutcome['summary']> {
  const outcome = await importPath(ctx, shopId, kind, path, options);
  assert.equal(outcome.status, 'imported', JSON.stringify(outcome.problems));
  return outcome.summary;
}

type SampleKind = 'customers' | 'members' | 'orders';

/** What importing each sample file reports the first time, into a shop that has none of it. */
export const FIRST_SAMPLE_SUMMARIES = {
  customers: { customers: 3, written: 3, alreadyThere: 0, consentsRecorded: 2, consentsAsTheyWere: 0 },
  members: { members: 2, joined: 2, alreadyMembers: 0, openingBalances: 1, openingPoints: 120 },
  orders: { orders: 5, written: 5, alreadyThere: 0, lines: 6, returns: 1, reviews: 1 },
} satisfies Record<SampleKind, ImportOutcome['summary']>;

/** Imports the sample file of each kind named, in the order given, and checks the summary it reports. */
export async function importSamples(
  ctx: AppContext,
  shopId: string,
  expected: Partial<Record<SampleKind, ImportOutcome['summary']>>,
): Promise<void> {
  for (const [kind, summary] of Object.entries(expected) as [SampleKind, ImportOutcome['summary']][]) {
    assert.deepEqual(await importedSummary(ctx, shopId, kind, sample(`${kind}.csv`)), summary, kind);
  }
}

/** Rows of every table an import writes, for the shop: what "nothing was written" compares. */
export async function shopRows(ctx: AppContext, shopId: string): Promise<Record<string, number>> {
  const tables = [
    'customers',
    'members',
    'orders',
    'order_lines',
    'order_returns',
    'reviews',
    'ledger_entries',
    'member_balances',
    'customer_first_orders',
    'order_figures',
    'order_figure_changes',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(table)} where shop_id = ${shopId}`.execute(ctx.db);
    counts[table] = rows[0]!.n;
  }
  return counts;
}
