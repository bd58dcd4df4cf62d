import type { ProgramSettings } from '../../domain/program/settings.ts';
import { sampleLetter } from '../../domain/simulation/sample-letter.ts';
import type { AppContext } from '../context.ts';
import { shopMailContexts } from '../mail/mail-settings.ts';
import { type RenderedMessage, renderMonthlyMessage } from '../mail/monthly-message.ts';

/**
 * The monthly e-mail as a member would get it with these settings (saved or not), rendered by the
 * sender's own template with the shop's sender and links; the member and the code are samples.
 * `publicUrl` is where the service's own pages are (the intro page's default link).
 */
export async function monthlyLetterPreview(
  ctx: AppContext,
  shopId: string,
  settings: Pick<ProgramSettings, 'name' | 'language' | 'timeZone' | 'tiers' | 'codeValidityMonths'>,
  publicUrl: string,
): Promise<RenderedMessage> {
  const shops = await shopMailContexts(ctx.db, [shopId], { publicUrl, fromAddress: '' });
  const shop = shops.get(shopId);
  if (!shop) throw new RangeError(`Shop "${shopId}" does not exist`);
  return renderMonthlyMessage(sampleLetter(settings, ctx.clock.now()), {
    ...shop,
    programName: settings.name,
    language: settings.language,
    timeZone: settings.timeZone,
  });
}
