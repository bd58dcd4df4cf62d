import { DomainError, type FieldError } from '../../domain/errors.ts';
import { defaultPageText, type PageKind } from '../../domain/pages/default-texts.ts';
import { pageTextProblem } from '../../domain/pages/render-page.ts';
import type { AppContext } from '../context.ts';
import { loadProgram, type Program } from '../program/load-program.ts';

export interface PageTexts {
  intro: string;
  terms: string;
}

/** The program's page texts: the merchant's own, or the default text in the program's language. */
export function pageTextsOf(program: Pick<Program, 'introPage' | 'termsPage' | 'settings'>): PageTexts {
  return {
    intro: program.introPage ?? defaultPageText('intro', program.settings.language),
    terms: program.termsPage ?? defaultPageText('terms', program.settings.language),
  };
}

export function pageTextErrors(texts: Partial<PageTexts>): FieldError[] {
  const errors: FieldError[] = [];
  for (const kind of ['intro', 'terms'] as const) {
    const text = texts[kind];
    if (text === undefined) continue;
    const problem = pageTextProblem(text);
    if (problem === 'empty')
      errors.push({ field: `${kind}Page`, message: 'The page is mandatory and cannot be empty' });
    if (problem === 'too_long')
      errors.push({ field: `${kind}Page`, message: 'The page is at most 20,000 characters' });
  }
  return errors;
}

/**
 * Saves the intro and terms page texts. A text equal to the default is stored as "default",
 * so it keeps following the program's language. The pages are mandatory: an empty one is refused.
 */
export async function savePageTexts(
  ctx: AppContext,
  shopId: string,
  texts: Partial<PageTexts>,
): Promise<PageTexts> {
  const errors = pageTextErrors(texts);
  if (errors.length) throw new DomainError('invalid_input', 'The page texts are not valid', errors);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const program = await loadProgram(trx, shopId);
    const stored = (kind: PageKind, text: string | undefined, current: string | null) => {
      if (text === undefined) return current;
      const normalized = text.replace(/\r\n?/g, '\n');
      return normalized === defaultPageText(kind, program.settings.language) ? null : normalized;
    };
    const intro = stored('intro', texts.intro, program.introPage);
    const terms = stored('terms', texts.terms, program.termsPage);
    await trx
      .updateTable('programs')
      .set({ intro_page: intro, terms_page: terms, updated_at: now })
      .where('shop_id', '=', shopId)
      .execute();
    return pageTextsOf({ introPage: intro, termsPage: terms, settings: program.settings });
  });
}
