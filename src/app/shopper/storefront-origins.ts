import { DomainError, type FieldError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { requireShop } from '../program/load-program.ts';

export const MAX_STOREFRONT_ORIGINS = 20;

/**
 * An origin as browsers send it in the `Origin` header: scheme, host and port, lower-case, without
 * a path. `https://Shop.example/` becomes `https://shop.example`; anything else is refused.
 */
export function normaliseOrigin(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password || url.search || url.hash) return undefined;
  if (url.pathname !== '/' && url.pathname !== '') return undefined;
  return url.origin;
}

/** The origins whose pages may call the shop's shopper routes from a browser, in order. */
export async function listStorefrontOrigins(ctx: AppContext, shopId: string): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('storefront_origins')
    .select('origin')
    .where('shop_id', '=', shopId)
    .orderBy('origin')
    .execute();
  return rows.map((r) => r.origin);
}

/** Replaces the shop's list of origins with these (normalised, duplicates once); all or nothing. */
export async function setStorefrontOrigins(
  ctx: AppContext,
  input: { shopId: string; origins: string[] },
): Promise<string[]> {
  const errors: FieldError[] = [];
  const origins = new Set<string>();
  input.origins.forEach((text, i) => {
    if (!text.trim()) return;
    const origin = normaliseOrigin(text);
    if (origin) origins.add(origin);
    else
      errors.push({
        field: `origins.${i}`,
        message: 'An origin such as https://shop.example (scheme, host and port; no path)',
      });
  });
  if (origins.size > MAX_STOREFRONT_ORIGINS)
    errors.push({ field: 'origins', message: `At most ${MAX_STOREFRONT_ORIGINS} origins` });
  if (errors.length) throw new DomainError('invalid_input', 'Some origins are not valid', errors);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await requireShop(trx, input.shopId);
    await trx.deleteFrom('storefront_origins').where('shop_id', '=', input.shopId).execute();
    if (origins.size) {
      await trx
        .insertInto('storefront_origins')
        .values([...origins].map((origin) => ({ shop_id: input.shopId, origin, created_at: now })))
        .execute();
    }
  });
  return [...origins].sort();
}
