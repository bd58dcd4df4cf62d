import type { Command } from 'commander';
import { type ApiKeySummary, createApiKey } from '../app/api-keys/create-api-key.ts';
import { listApiKeys } from '../app/api-keys/list-api-keys.ts';
import { revokeApiKey } from '../app/api-keys/revoke-api-key.ts';
import { registerRevokeCommand } from './credential-commands.ts';
import { credentialJson, lifeCells, printTable, registerListCommand } from './list-command.ts';
import { callLocalService, withDatabaseOrService } from './local-service.ts';

/** `loyalty api-key create|list|revoke`: a shop's keys for the store API. */
export function registerApiKeyCommands(program: Command): void {
  const keys = program.command('api-key').description("manage a shop's keys for the store API (/v1)");

  keys
    .command('create')
    .description('create a key; it is printed once and only its hash is kept')
    .requiredOption('--shop <id>', 'the shop the key belongs to')
    .requiredOption('--name <name>', 'who uses it, e.g. "Web shop" (recorded as the author of adjustments)')
    .option('--read-only', 'the key can read but not change anything')
    .option('--json', 'print the key as JSON')
    .action(async (opts: { shop: string; name: string; readOnly?: boolean; json?: boolean }) => {
      const readOnly = Boolean(opts.readOnly);
      await withDatabaseOrService(
        program,
        async (ctx) => {
          const created = await createApiKey(ctx, { shopId: opts.shop, name: opts.name, readOnly });
          printCreatedKey({ ...summaryJson(created), key: created.key }, opts.json);
        },
        async (service) => {
          const created = await callLocalService<{
            id: string;
            name: string;
            createdAt: string;
            key: string;
          }>(service, 'POST', `/shops/${encodeURIComponent(opts.shop)}/api-keys`, {
            name: opts.name,
            readOnly,
          });
          printCreatedKey(
            {
              id: created.id,
              shopId: opts.shop,
              name: created.name,
              prefix: created.key.slice(0, 12),
              readOnly,
              createdAt: created.createdAt,
              lastUsedAt: null,
              revokedAt: null,
              key: created.key,
            },
            opts.json,
          );
        },
      );
    });

  registerListAndRevoke(program, keys);
}

function registerListAndRevoke(program: Command, keys: Command) {
  registerListCommand(program, keys, {
    description: "list a shop's keys (never the keys themselves)",
    ofShop: true,
    fromDatabase: async (ctx, shop) => (await listApiKeys(ctx, shop)).map(summaryJson),
    empty: (shop) => `Shop ${shop} has no API keys yet: create one with "loyalty api-key create".`,
    print: (list) =>
      printTable([
        ['ID', 'NAME', 'ACCESS', 'STARTS WITH', 'CREATED', 'LAST USED', 'STATUS'],
        ...list.map((k) => [
          k.id,
          k.name,
          k.readOnly ? 'read-only' : 'full',
          `${k.prefix}…`,
          ...lifeCells(k),
        ]),
      ]),
  });

  registerRevokeCommand(program, keys, {
    label: 'API key',
    description: 'revoke a key for good (running servers stop accepting it within 10 seconds)',
    argument: ['<key-id>', 'the id shown by "loyalty api-key list", e.g. key_0123abcd…'],
    collection: (shopId) => `/shops/${encodeURIComponent(shopId)}/api-keys`,
    revoke: (ctx, shopId, keyId) => revokeApiKey(ctx, { shopId, keyId }),
  });
}

function printCreatedKey(
  created: ReturnType<typeof summaryJson> & { key: string },
  json: boolean | undefined,
) {
  if (json) {
    console.log(JSON.stringify(created));
    return;
  }
  console.log(
    `Created ${created.readOnly ? 'a read-only' : 'a full-access'} API key "${created.name}" for shop ${created.shopId} (id ${created.id}).`,
  );
  console.log('Copy it now; it is shown only this once:');
  console.log('');
  console.log(`  ${created.key}`);
  console.log('');
  console.log('Send it as "Authorization: Bearer <key>".');
}

function summaryJson(k: ApiKeySummary) {
  return credentialJson(k, ['id', 'shopId', 'name', 'prefix', 'readOnly']);
}
