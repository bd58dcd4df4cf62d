import { INTERFACE_TAGS, type InterfaceTag, type PageSettings, tagValues } from './interface-tags.ts';

/** A page as plain-text blocks; adapters turn them into HTML (escaping every text). */
export type PageBlock =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; lines: string[] }
  | { type: 'list'; items: string[] };

export interface RenderedPage {
  blocks: PageBlock[];
  /** Tags in braces that are not interface tags, left in the text as written. */
  unknownTags: string[];
}

export const MAX_PAGE_LENGTH = 20_000;

const TAG = /\{([A-Za-z]+)\}/g;
const KNOWN = new Set<string>(INTERFACE_TAGS);

/**
 * Renders a page text for the current settings. A line holding the join or review points tag
 * disappears when that amount is 0, so the page never promises zero points. A line that is
 * only the tier tag becomes one list item per tier.
 */
export function renderPage(text: string, settings: PageSettings): RenderedPage {
  const values = tagValues(settings);
  const unknown = new Set<string>();
  const dropped: InterfaceTag[] = [];
  if (settings.joinPoints === 0) dropped.push('LoyaltyProgramJoinPoints');
  if (settings.reviewPoints === 0) dropped.push('LoyaltyProgramReviewPoints');

  const substitute = (line: string) =>
    line.replace(TAG, (whole, name: string) => {
      if (!KNOWN.has(name)) {
        unknown.add(whole);
        return whole;
      }
      const value = values[name as InterfaceTag];
      return Array.isArray(value) ? value.join(', ') : value;
    });

  const blocks: PageBlock[] = [];
  let paragraph: string[] | null = null;
  let list: string[] | null = null;
  const close = () => {
    if (paragraph) blocks.push({ type: 'paragraph', lines: paragraph });
    if (list) blocks.push({ type: 'list', items: list });
    paragraph = null;
    list = null;
  };

  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (dropped.some((tag) => line.includes(`{${tag}}`))) continue;
    if (line.trim() === '') {
      close();
      continue;
    }
    if (line.trim() === '{LoyaltyProgramDiscountTiers}') {
      if (paragraph) close();
      list ??= [];
      list.push(...(values.LoyaltyProgramDiscountTiers as string[]));
      continue;
    }
    if (line.startsWith('# ')) {
      close();
      blocks.push({ type: 'heading', text: substitute(line.slice(2).trim()) });
      continue;
    }
    if (line.startsWith('- ')) {
      if (paragraph) close();
      list ??= [];
      list.push(substitute(line.slice(2).trim()));
      continue;
    }
    if (list) close();
    paragraph ??= [];
    paragraph.push(substitute(line.trim()));
  }
  close();
  return { blocks, unknownTags: [...unknown] };
}

/** Why a page text cannot be saved, or null: the pages are mandatory, so never empty. */
export function pageTextProblem(text: string): 'empty' | 'too_long' | null {
  if (text.trim() === '') return 'empty';
  if (text.length > MAX_PAGE_LENGTH) return 'too_long';
  return null;
}
