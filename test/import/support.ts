import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import type { AppContext } from '../../src/app/context.ts';
import { type ImportOutcome, importFile } from '../../src/app/import/run-import.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import type { ImportKind } from '../../src/domain/import/columns.ts';

/** The sample files of docs/import-samples/. */
export const SAMPLES = resolve('docs/import-samples');
export const sample = (name: string) => join(SAMPLES, name);

/** A shop moving in: a Finnish and an English web shop, no program yet. */
export async function movingShop(ctx: AppContext, shopId: string): Promise<void> {
  await createShop(ctx, {
    id: shopId,
    name: `Shop ${shopId}`,
    storeVersions: [
      { id: 'fi', name: 'Verkkokauppa', requiresLogin: false },
      { id: 'en', name: 'Web shop', requiresLogin: false },
    ],
  });
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
