import type { Command } from 'commander';
import {
  createStorefrontSecret,
  listStorefrontSecrets,
  revokeStorefrontSecret,
  type StorefrontSecretSummary,
} from '../app/shopper/storefront-secrets.ts';
import { registerRevokeCommand } from './credential-commands.ts';
import { credentialJson, lifeCells, printTable, registerListCommand } from './list-command.ts';
import { callLocalService, withDatabaseOrService } from './local-service.ts';

/** A secret as the operator API answers with it, and as `--json` prints it. */
interface SecretJson {
  id: string;
  shopId: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const shopPath = (shop: string) => `/shops/${encodeURIComponent(shop)}/storefront-secrets`;

/**
 * `loyalty storefront-secret create|list|revoke`: the keys a shop's back end signs its shoppers'
 * tokens with. Beside a running service on the embedded database they go through that service,
 * as `loyalty api-key` does.
 */
export function registerStorefrontSecretCommands(program: Command): void {
  const secrets = program
    .command('storefront-secret')
    .description("manage a shop's secrets for signing shopper tokens (/v1/shopper)");

  secrets
    .command('create')
    .description('create a secret; it is printed once here (the admin can list it, never show it again)')
    .requiredOption('--shop <id>', 'the shop the secret belongs to')
    .requiredOption('--name <name>', 'where it is used, e.g. "Web shop"')
    .option('--json', 'print the secret as JSON')
    .action(async (opts: { shop: string; name: string; json?: boolean }) => {
      await withDatabaseOrService(
        program,
        async (ctx) => {
          const created = await createStorefrontSecret(ctx, { shopId: opts.shop, name: opts.name });
          printCreated({ ...toJson(created), secret: created.secret }, opts.json);
        },
        async (service) => {
          const created = await callLocalService<SecretJson & { secret: string }>(
            service,
            'POST',
            shopPath(opts.shop),
            { name: opts.name },
          );
          printCreated(created, opts.json);
        },
      );
    });

  registerListCommand(program, secrets, {
    description: "list a shop's secrets (never the secrets themselves)",
    ofShop: true,
    fromDatabase: async (ctx, shop) => (await listStorefrontSecrets(ctx, shop)).map(toJson),
    fromService: async (service, shop) =>
      (await callLocalService<{ data: SecretJson[] }>(service, 'GET', shopPath(shop))).data,
    empty: (shop) =>
      `Shop ${shop} has no storefront secrets yet: create one with "loyalty storefront-secret create".`,
    print: (list) =>
      printTable([
        ['ID', 'NAME', 'CREATED', 'LAST USED', 'STATUS'],
        ...list.map((s) => [s.id, s.name, ...lifeCells(s)]),
      ]),
  });

  registerRevokeCommand(program, secrets, {
    label: 'storefront secret',
    description: 'revoke a secret for good (running servers refuse its tokens within 10 seconds)',
    argument: ['<secret-id>', 'the id shown by "loyalty storefront-secret list", e.g. ss_0123abcd…'],
    collection: shopPath,
    revoke: (ctx, shopId, secretId) => revokeStorefrontSecret(ctx, { shopId, secretId }),
  });
}

function toJson(s: StorefrontSecretSummary): SecretJson {
  return credentialJson(s, ['id', 'shopId', 'name']);
}

function printCreated(created: SecretJson & { secret: string }, json: boolean | undefined) {
  if (json) {
    console.log(
      JSON.stringify({
        id: created.id,
        shopId: created.shopId,
        name: created.name,
        createdAt: created.createdAt,
        secret: created.secret,
      }),
    );
    return;
  }
  console.log(`Created storefront secret "${created.name}" for shop ${created.shopId}.`);
  console.log(`Key id (the tokens' "kid" header): ${created.id}`);
  console.log('Secret (keep it in your store’s back end; it is shown only this once):');
  console.log('');
  console.log(`  ${created.secret}`);
  console.log('');
  console.log('Sign shopper tokens with it as docs/storefront-integration.md shows.');
}
