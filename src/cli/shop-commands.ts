import { type Command, InvalidArgumentError } from 'commander';
import { API_RATE_BOUNDS, readShopApiRateLimit, setShopApiRateLimit } from '../app/shops/api-rate-limit.ts';
import { DomainError } from '../domain/errors.ts';
import { KEY_CACHE_MS } from '../http/auth/key-cache.ts';
import { withAppContext } from './app-context.ts';
import { registerShopProvisioning } from './shop-provisioning-commands.ts';

/** `loyalty shop create|list|show|suspend|resume|rate-limit`: the operator's shops. */
export function registerShopCommands(program: Command): void {
  const shop = program.command('shop').description("the operator's shops: create, list, suspend, settings");
  registerShopProvisioning(program, shop);

  shop
    .command('rate-limit')
    .description(
      `set the shop's own budget per API key for the store API, or go back to the default (running servers apply it within ${KEY_CACHE_MS / 1000} seconds); without options, show it`,
    )
    .argument('<shop>', 'the shop id')
    .option(
      '--per-second <n>',
      'requests per second each key of the shop may make',
      whole('--per-second', 1, API_RATE_BOUNDS.perSecond),
    )
    .option('--burst <n>', 'requests a key may send at once', whole('--burst', 1, API_RATE_BOUNDS.burst))
    .option('--default', "use the service's default (LOYALTY_API_RATE_PER_SECOND, LOYALTY_API_RATE_BURST)")
    .action(
      async (
        shopId: string,
        opts: { perSecond?: number; burst?: number; default?: boolean },
        command: Command,
      ) => {
        const setting = opts.perSecond !== undefined || opts.burst !== undefined;
        if (opts.default && setting)
          command.error('error: --default cannot be combined with --per-second or --burst');
        if (setting && (opts.perSecond === undefined || opts.burst === undefined)) {
          command.error('error: give both --per-second and --burst (or --default)');
        }
        await withAppContext(program, async (ctx) => {
          if (opts.default) {
            await setShopApiRateLimit(ctx, shopId, null);
            console.log(`Shop ${shopId} now uses the default API rate limit per key.`);
          } else if (setting) {
            await setShopApiRateLimit(ctx, shopId, { perSecond: opts.perSecond!, burst: opts.burst! });
            console.log(
              `Shop ${shopId}: each API key may make ${opts.perSecond} request${opts.perSecond === 1 ? '' : 's'} a second, ${opts.burst} at once.`,
            );
          } else {
            const own = await readShopApiRateLimit(ctx, shopId);
            if (own === undefined) throw new DomainError('shop_not_found', `Shop "${shopId}" does not exist`);
            console.log(
              own
                ? `Shop ${shopId}: ${own.perSecond} requests a second per API key, ${own.burst} at once (its own setting).`
                : `Shop ${shopId} uses the default API rate limit per key.`,
            );
          }
        });
      },
    );
}

function whole(option: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${option} must be a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}
