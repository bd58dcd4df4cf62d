import type { Command } from 'commander';
import type { AppContext } from '../app/context.ts';
import {
  listShops,
  provisionShop,
  resumeShop,
  type ShopView,
  showShop,
  suspendShop,
} from '../app/shops/provision-shop.ts';
import { SHOP_ID_RULE } from '../domain/shops/new-shop.ts';
import { shopJson } from '../http/api/operator-schemas.ts';
import { KEY_CACHE_MS } from '../http/auth/key-cache.ts';
import { printTable, registerListCommand } from './list-command.ts';
import { callLocalService, withDatabaseOrService } from './local-service.ts';

type ShopJson = ReturnType<typeof shopJson>;
type CreatedShop = ShopJson & { adminUser: { email: string; password: string } | null };
type StateChange = ShopJson & { outcome: 'applied' | 'duplicate' };

interface CreateOptions {
  id: string;
  name: string;
  timeZone?: string;
  language?: string;
  currency?: string;
  adminEmail?: string;
  json?: boolean;
}

/**
 * `loyalty shop create|list|show|suspend|resume`. The commands that change data work while a
 * service runs on the embedded database: they go through its operator API (see local-service.ts).
 */
export function registerShopProvisioning(program: Command, shop: Command): void {
  shop
    .command('create')
    .description(
      'create a shop, optionally with its first admin user (a password is generated and printed once)',
    )
    .requiredOption('--id <id>', `the shop's id, for good: ${SHOP_ID_RULE}`)
    .requiredOption('--name <name>', "the shop's name")
    .option('--time-zone <zone>', 'IANA time zone of its months and program (default Europe/Helsinki)')
    .option('--language <fi|en>', 'language of its program and e-mails (default fi)')
    .option('--currency <code>', 'its currency: only EUR for now (the default)')
    .option('--admin-email <address>', 'create its first admin user with this e-mail')
    .option('--json', 'print JSON')
    .action(async (opts: CreateOptions) => {
      const input = {
        id: opts.id,
        name: opts.name,
        timeZone: opts.timeZone,
        language: opts.language,
        currency: opts.currency,
        adminEmail: opts.adminEmail,
      };
      await withDatabaseOrService(
        program,
        async (ctx, config) => {
          const created = await provisionShop(ctx, input);
          printCreated(
            { ...shopJson(created.shop), adminUser: created.adminUser },
            config.publicUrl,
            opts.json,
          );
        },
        async (service) => {
          const body = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
          const created = await callLocalService<CreatedShop>(service, 'POST', '/shops', body);
          // Where the running service answers: this command's own PORT may not be the service's.
          printCreated(created, service.url, opts.json);
        },
      );
    });

  registerShopReads(program, shop);
  registerShopStates(program, shop);
}

function printCreated(created: CreatedShop, publicUrl: string, json: boolean | undefined) {
  if (json) {
    console.log(JSON.stringify(created));
    return;
  }
  console.log(
    `Created shop ${created.id} ("${created.name}"): time zone ${created.timeZone}, language ${created.language}, currency ${created.currency}.`,
  );
  if (created.adminUser) {
    console.log(
      `Admin user ${created.adminUser.email}; password (shown only now): ${created.adminUser.password}`,
    );
  }
  console.log(`Sign in at ${publicUrl}/admin/login?shop=${encodeURIComponent(created.id)}`);
  console.log(`Make its API key with: loyalty api-key create --shop ${created.id} --name "Web shop"`);
}

function registerShopReads(program: Command, shop: Command) {
  registerListCommand(program, shop, {
    description: 'list the shops',
    ofShop: false,
    fromDatabase: async (ctx) => {
      const shops: ShopJson[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await listShops(ctx, { limit: 100, after });
        shops.push(...page.shops.map(shopJson));
        if (!page.hasMore) return shops;
        after = page.shops.at(-1)!.id;
      }
    },
    fromService: async (service) => {
      const shops: ShopJson[] = [];
      let after: string | null = null;
      do {
        const query: string = `?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`;
        const page = await callLocalService<{ data: ShopJson[]; nextAfter: string | null }>(
          service,
          'GET',
          `/shops${query}`,
        );
        shops.push(...page.data);
        after = page.nextAfter;
      } while (after);
      return shops;
    },
    empty: () => 'There are no shops yet: create one with "loyalty shop create --id ID --name NAME".',
    print: (shops) =>
      printTable([
        ['ID', 'NAME', 'TIME ZONE', 'LANGUAGE', 'CURRENCY', 'STATUS', 'CREATED'],
        ...shops.map((s) => [s.id, s.name, s.timeZone, s.language, s.currency, status(s), s.createdAt]),
      ]),
  });

  shop
    .command('show')
    .description('show one shop')
    .argument('<shop>', 'the shop id')
    .option('--json', 'print JSON')
    .action(async (shopId: string, opts: { json?: boolean }) => {
      await withDatabaseOrService(
        program,
        async (ctx) => printShop(shopJson(await showShop(ctx, shopId)), opts.json),
        async (service) =>
          printShop(
            await callLocalService<ShopJson>(service, 'GET', `/shops/${encodeURIComponent(shopId)}`),
            opts.json,
          ),
      );
    });
}

const status = (s: ShopJson) => (s.status === 'suspended' ? `suspended ${s.suspendedAt}` : 'active');

function printShop(shop: ShopJson, json: boolean | undefined) {
  if (json) {
    console.log(JSON.stringify(shop));
    return;
  }
  console.log(`Shop ${shop.id}: ${shop.name}`);
  console.log(`  time zone ${shop.timeZone}, language ${shop.language}, currency ${shop.currency}`);
  console.log(`  created ${shop.createdAt}`);
  console.log(`  status: ${status(shop)}${shop.suspendedReason ? ` (${shop.suspendedReason})` : ''}`);
}

function registerShopStates(program: Command, shop: Command) {
  shop
    .command('suspend')
    .description(
      `suspend a shop: its API keys are refused (403 shop_suspended) within ${KEY_CACHE_MS / 1000} seconds and its admin says why; nothing is deleted`,
    )
    .argument('<shop>', 'the shop id')
    .option('--reason <text>', 'why, shown to the merchant in the admin')
    .action(async (shopId: string, opts: { reason?: string }) => {
      await changeState(
        program,
        (ctx) => suspendShop(ctx, shopId, opts.reason ?? null),
        `/shops/${encodeURIComponent(shopId)}/suspend`,
        opts.reason !== undefined ? { reason: opts.reason } : {},
      );
    });

  shop
    .command('resume')
    .description(`lift a suspension: its API keys work again within ${KEY_CACHE_MS / 1000} seconds`)
    .argument('<shop>', 'the shop id')
    .action(async (shopId: string) => {
      await changeState(
        program,
        (ctx) => resumeShop(ctx, shopId),
        `/shops/${encodeURIComponent(shopId)}/resume`,
        {},
      );
    });
}

/**
 * Changes a shop's state on the database, or, while a service holds the embedded database, through
 * that service's operator route `path`; prints the outcome either way.
 */
function changeState(
  program: Command,
  change: (ctx: AppContext) => Promise<{ outcome: StateChange['outcome']; shop: ShopView }>,
  path: string,
  body: Record<string, string>,
): Promise<void> {
  return withDatabaseOrService(
    program,
    async (ctx) => printState(stateJson(await change(ctx))),
    async (service) => printState(await callLocalService<StateChange>(service, 'POST', path, body)),
  );
}

const stateJson = (change: { outcome: StateChange['outcome']; shop: ShopView }): StateChange => ({
  ...shopJson(change.shop),
  outcome: change.outcome,
});

function printState(shop: StateChange) {
  const suspended = shop.status === 'suspended';
  if (shop.outcome === 'duplicate') {
    console.log(
      `Shop ${shop.id} was already ${suspended ? `suspended (since ${shop.suspendedAt})` : 'active'}.`,
    );
  } else if (suspended) {
    console.log(
      `Suspended shop ${shop.id}: its API keys are refused within ${KEY_CACHE_MS / 1000} seconds; nothing was deleted.`,
    );
  } else {
    console.log(`Resumed shop ${shop.id}: its API keys work again within ${KEY_CACHE_MS / 1000} seconds.`);
  }
}
