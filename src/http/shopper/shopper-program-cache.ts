import type { AppContext } from '../../app/context.ts';
import { type ShopperProgram, showShopperProgram } from '../../app/shopper/shopper-program.ts';
import { LookupCache } from '../auth/lookup-cache.ts';

/** How long a store version's program is reused by the shopper routes: a change shows within this time. */
export const PROGRAM_CACHE_MS = 10_000;

/** Finds the program of a shop's store version as shoppers see it. */
export type ShopperPrograms = (shopId: string, storeVersionId: string) => Promise<ShopperProgram>;

/**
 * The program of each store version as its shoppers see it, kept for a few seconds as the API
 * keys, storefront secrets and origins are (LookupCache: the app's clock, one lookup for
 * concurrent first requests): every product page and My Account asks for it, and it changes
 * when the merchant publishes, hides or edits the program. An unknown shop or version, or a
 * suspended shop, is refused as before and not kept. Joining and leaving read it afresh.
 */
export function shopperProgramCache(ctx: AppContext): ShopperPrograms {
  const cache = new LookupCache<ShopperProgram>(
    ctx,
    (key) => {
      const [shopId = '', storeVersionId = ''] = key.split('\u0000');
      return showShopperProgram(ctx, { shopId, storeVersionId });
    },
    PROGRAM_CACHE_MS,
  );
  return (shopId, storeVersionId) => cache.lookUp(`${shopId}\u0000${storeVersionId}`);
}
