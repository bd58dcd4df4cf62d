import type { Executor } from '../../db/connect.ts';
import type { ProgramSettings } from '../../domain/program/settings.ts';
import { shopNotFound } from './shop-with-program.ts';

/**
 * The settings a shop's new program starts from beyond the presets: the time zone, language and
 * currency the shop was created with. `shop_not_found` when there is no such shop.
 */
export async function shopProgramDefaults(
  db: Executor,
  shopId: string,
): Promise<Pick<ProgramSettings, 'timeZone' | 'language' | 'currency'>> {
  const shop = await db
    .selectFrom('shops')
    .select(['time_zone', 'language', 'currency'])
    .where('id', '=', shopId)
    .executeTakeFirst();
  if (!shop) throw shopNotFound(shopId);
  return { timeZone: shop.time_zone, language: shop.language, currency: shop.currency };
}
