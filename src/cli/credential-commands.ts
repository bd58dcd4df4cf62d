import type { Command } from 'commander';
import type { AppContext } from '../app/context.ts';
import { callLocalService, withDatabaseOrService } from './local-service.ts';

type Outcome = 'applied' | 'duplicate';

/**
 * `revoke` of a shop's credential (`loyalty api-key revoke`, `loyalty storefront-secret revoke`):
 * beside a running service on the embedded database through that service's operator route
 * (`<collection>/<id>/revoke`), else on the database.
 */
export function registerRevokeCommand(
  program: Command,
  parent: Command,
  credential: {
    /** As in "Revoked API key …", e.g. "API key". */
    label: string;
    description: string;
    argument: [name: string, description: string];
    /** The operator API's collection of the shop's credentials, e.g. `/shops/s1/api-keys`. */
    collection: (shopId: string) => string;
    revoke: (ctx: AppContext, shopId: string, id: string) => Promise<{ outcome: Outcome; revokedAt: Date }>;
  },
): void {
  parent
    .command('revoke')
    .description(credential.description)
    .requiredOption('--shop <id>', 'the shop')
    .argument(...credential.argument)
    .action(async (id: string, opts: { shop: string }) => {
      const print = (outcome: Outcome, revokedAt: string) =>
        console.log(
          outcome === 'applied'
            ? `Revoked ${credential.label} ${id} of shop ${opts.shop}.`
            : `${capitalized(credential.label)} ${id} of shop ${opts.shop} was already revoked on ${revokedAt}.`,
        );
      await withDatabaseOrService(
        program,
        async (ctx) => {
          const result = await credential.revoke(ctx, opts.shop, id);
          print(result.outcome, result.revokedAt.toISOString());
        },
        async (service) => {
          const result = await callLocalService<{ outcome: Outcome; revokedAt: string }>(
            service,
            'POST',
            `${credential.collection(opts.shop)}/${encodeURIComponent(id)}/revoke`,
            {},
          );
          print(result.outcome, result.revokedAt);
        },
      );
    });
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
