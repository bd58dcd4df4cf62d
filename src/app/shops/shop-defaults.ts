import type { Executor } from '../../db/connect.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ProgramSettings } from '../../domain/program/settings.ts';

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
  if (!shop) throw new DomainError('shop_not_found', `Shop "${shopId}" does not exist`);
  return { timeZone: shop.time_zone, language: shop.language, currency: shop.currency };
}
