import type { Db } from '../../db/connect.ts';
import {
  DEFAULT_TIME_ZONE,
  LANGUAGES,
  type Language,
  type ProgramSettings,
} from '../../domain/program/settings.ts';
import type { AppContext } from '../context.ts';
import { shopsWithPrograms } from '../shops/shop-with-program.ts';
import type { ShopMailContext } from './monthly-message.ts';

/** Service-wide defaults for what a shop has not set itself. */
export interface MailDefaults {
  /** The service's public address; default links point under it. */
  publicUrl: string;
  /** The sender address when the shop has none (the shop's name is always the display name). */
  fromAddress: string;
}

/**
 * Where a shop's e-mails come from and link to. A shop's own My Account page and intro page
 * addresses go here. Until the intro page is set, links point to the program page this service
 * publishes for the shop (/shops/<id>/loyalty); until My Account is set, there is no such link.
 */
export interface ShopMailSettings {
  fromAddress?: string | null;
  replyTo?: string | null;
  myAccountUrl?: string | null;
  introPageUrl?: string | null;
}

export async function setShopMailSettings(
  ctx: AppContext,
  shopId: string,
  settings: ShopMailSettings,
): Promise<void> {
  const now = ctx.clock.now();
  const values = {
    from_address: settings.fromAddress ?? null,
    reply_to: settings.replyTo ?? null,
    my_account_url: settings.myAccountUrl ?? null,
    intro_page_url: settings.introPageUrl ?? null,
    updated_at: now,
  };
  await ctx.db
    .insertInto('shop_mail_settings')
    .values({ shop_id: shopId, ...values })
    .onConflict((oc) => oc.column('shop_id').doUpdateSet(values))
    .execute();
}

export async function getShopMailSettings(
  ctx: AppContext,
  shopId: string,
): Promise<Required<ShopMailSettings>> {
  const row = await ctx.db
    .selectFrom('shop_mail_settings')
    .selectAll()
    .where('shop_id', '=', shopId)
    .executeTakeFirst();
  return {
    fromAddress: row?.from_address ?? null,
    replyTo: row?.reply_to ?? null,
    myAccountUrl: row?.my_account_url ?? null,
    introPageUrl: row?.intro_page_url ?? null,
  };
}

/** What every message of these shops needs, read once per delivery round. */
export async function shopMailContexts(
  db: Db,
  shopIds: string[],
  defaults: MailDefaults,
): Promise<Map<string, ShopMailContext>> {
  const contexts = new Map<string, ShopMailContext>();
  if (shopIds.length === 0) return contexts;
  const rows = await shopsWithPrograms(db)
    .leftJoin('shop_mail_settings as m', 'm.shop_id', 's.id')
    .select([
      's.id',
      's.name',
      'p.settings',
      'm.from_address',
      'm.reply_to',
      'm.my_account_url',
      'm.intro_page_url',
    ])
    .where('s.id', 'in', shopIds)
    .execute();
  const base = defaults.publicUrl.replace(/\/+$/, '');
  for (const row of rows) {
    const settings = (row.settings ?? {}) as Partial<ProgramSettings>;
    const shopPath = `${base}/shops/${encodeURIComponent(row.id)}`;
    contexts.set(row.id, {
      shopId: row.id,
      shopName: row.name,
      programName: settings.name ?? row.name,
      language: LANGUAGES.includes(settings.language as Language) ? (settings.language as Language) : 'fi',
      timeZone: settings.timeZone ?? DEFAULT_TIME_ZONE,
      fromAddress: row.from_address ?? defaults.fromAddress,
      replyTo: row.reply_to,
      myAccountUrl: row.my_account_url,
      introPageUrl: row.intro_page_url ?? `${shopPath}/loyalty`,
    });
  }
  return contexts;
}
