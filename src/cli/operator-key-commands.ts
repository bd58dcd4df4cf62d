import type { Command } from 'commander';
import { createOperatorKey, listOperatorKeys, revokeOperatorKey } from '../app/operator/operator-keys.ts';
import { withAppContext } from './app-context.ts';
import { credentialJson, registerListCommand } from './list-command.ts';
import { callLocalService, withDatabaseOrService } from './local-service.ts';

/** `loyalty operator-key create|list|revoke`: keys of the operator API (/v1/operator). */
export function registerOperatorKeyCommands(program: Command): void {
  const keys = program
    .command('operator-key')
    .description('manage the keys of the operator API (/v1/operator: creating and suspending shops)');

  keys
    .command('create')
    .description('create an operator key; it is printed once and only its hash is kept')
    .requiredOption('--name <name>', 'who uses it, e.g. "Hosting platform"')
    .option('--json', 'print the key as JSON')
    .action(async (opts: { name: string; json?: boolean }) => {
      await withDatabaseOrService(
        program,
        async (ctx) => {
          const created = await createOperatorKey(ctx, { name: opts.name });
          printCreated({ id: created.id, name: created.name, key: created.key }, opts.json);
        },
        async (service) => {
          const created = await callLocalService<{ id: string; name: string; key: string }>(
            service,
            'POST',
            '/operator-keys',
            { name: opts.name },
          );
          printCreated(created, opts.json);
        },
      );
    });

  registerListAndRevoke(program, keys);
}

function registerListAndRevoke(program: Command, keys: Command) {
  registerListCommand(program, keys, {
    description: 'list the operator keys (never the keys themselves)',
    ofShop: false,
    fromDatabase: async (ctx) =>
      (await listOperatorKeys(ctx)).map((k) => credentialJson(k, ['id', 'name', 'prefix', 'local'])),
    empty: () => 'There are no operator keys yet: create one with "loyalty operator-key create --name NAME".',
    print: (list) => {
      for (const k of list) {
        const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
        console.log(
          `${k.id}  ${k.name}  ${k.prefix}…  created ${k.createdAt}  last used ${k.lastUsedAt ?? 'never'}  ${state}`,
        );
      }
    },
  });

  keys
    .command('revoke')
    .description('revoke an operator key for good (at once)')
    .argument('<key-id>', 'the id shown by "loyalty operator-key list", e.g. opk_0123abcd…')
    .action(async (keyId: string) => {
      await withAppContext(program, async (ctx) => {
        const result = await revokeOperatorKey(ctx, keyId);
        console.log(
          result.outcome === 'applied'
            ? `Revoked operator key ${keyId}.`
            : `Operator key ${keyId} was already revoked on ${result.revokedAt.toISOString()}.`,
        );
      });
    });
}

function printCreated(created: { id: string; name: string; key: string }, json: boolean | undefined) {
  if (json) {
    console.log(JSON.stringify(created));
    return;
  }
  console.log(`Created operator key "${created.name}" (id ${created.id}).`);
  console.log('Copy it now; it is shown only this once:');
  console.log('');
  console.log(`  ${created.key}`);
  console.log('');
  console.log('Send it to /v1/operator/… as "Authorization: Bearer <key>".');
}
