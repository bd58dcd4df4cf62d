import type { PageKind } from '../../domain/pages/default-texts.ts';
import { type RenderedPage, renderPage } from '../../domain/pages/render-page.ts';
import type { Language } from '../../domain/program/settings.ts';
import type { AppContext } from '../context.ts';
import { findProgram } from '../program/load-program.ts';
import { pageTextsOf } from './page-texts.ts';

export interface ProgramPage {
  shopName: string;
  programName: string;
  language: Language;
  page: RenderedPage;
}

/**
 * The program's intro or terms page as shoppers see it, with the current settings filled in.
 * Only a running (published) program has public pages; otherwise there is nothing to show.
 */
export async function programPage(
  ctx: AppContext,
  shopId: string,
  kind: PageKind,
): Promise<ProgramPage | undefined> {
  const [shop, program] = await Promise.all([
    ctx.db.selectFrom('shops').select('name').where('id', '=', shopId).executeTakeFirst(),
    findProgram(ctx.db, shopId),
  ]);
  if (!shop || !program || program.status !== 'published') return undefined;
  const texts = pageTextsOf(program);
  return {
    shopName: shop.name,
    programName: program.settings.name,
    language: program.settings.language,
    page: renderPage(texts[kind], program.settings),
  };
}
