import type { Command } from 'commander';
import type { CredentialLife } from '../app/api-keys/credential-rows.ts';
import type { AppContext } from '../app/context.ts';
import { withAppContext } from './app-context.ts';
import { type LocalService, withDatabaseOrService } from './local-service.ts';

/**
 * `list` of a collection (`loyalty shop list`, `api-key list`, `storefront-secret list`,
 * `operator-key list`): `--json` prints the items as a JSON array, an empty list says how to make
 * the first one, else the command prints the items its own way (most as a table).
 */
export function registerListCommand<T>(
  program: Command,
  parent: Command,
  list: {
    description: string;
    /** Whether the items are a shop's (a required `--shop`). */
    ofShop: boolean;
    fromDatabase: (ctx: AppContext, shop: string) => Promise<T[]>;
    /** Beside a running service on the embedded database, the items as its operator API lists them. */
    fromService?: (service: LocalService, shop: string) => Promise<T[]>;
    /** What an empty list prints, e.g. how to create the first item. */
    empty: (shop: string) => string;
    print: (items: T[]) => void;
  },
): void {
  const command = parent.command('list').description(list.description);
  if (list.ofShop) command.requiredOption('--shop <id>', 'the shop');
  command.option('--json', 'print JSON').action(async (opts: { shop?: string; json?: boolean }) => {
    const shop = opts.shop ?? '';
    const show = (items: T[]) => {
      if (opts.json) console.log(JSON.stringify(items));
      else if (items.length === 0) console.log(list.empty(shop));
      else list.print(items);
    };
    const fromDatabase = async (ctx: AppContext) => show(await list.fromDatabase(ctx, shop));
    const { fromService } = list;
    if (fromService)
      await withDatabaseOrService(program, fromDatabase, async (service) =>
        show(await fromService(service, shop)),
      );
    else await withAppContext(program, fromDatabase);
  });
}

/** A credential's life as `--json` prints it (and the operator API answers with it). */
export function lifeJson(c: CredentialLife) {
  return {
    createdAt: c.createdAt.toISOString(),
    lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
    revokedAt: c.revokedAt?.toISOString() ?? null,
  };
}

/**
 * A credential as `--json` prints it: the fields it is told by, as they are, then its life as ISO
 * times. Only the named fields are printed, so a summary that carries more shows no more.
 */
export function credentialJson<C extends CredentialLife, K extends keyof C>(
  c: C,
  fields: readonly K[],
): Pick<C, K> & ReturnType<typeof lifeJson> {
  const picked = {} as Pick<C, K>;
  for (const field of fields) picked[field] = c[field];
  return { ...picked, ...lifeJson(c) };
}

/** A credential's created, last used and status cells in a listing. */
export function lifeCells(c: ReturnType<typeof lifeJson>): string[] {
  return [c.createdAt, c.lastUsedAt ?? 'never', c.revokedAt ? `revoked ${c.revokedAt}` : 'active'];
}

/** Rows of cells in columns as wide as their widest cell, the first row being the headings. */
export function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows)
    console.log(
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
}
