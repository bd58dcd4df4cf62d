import type { Html } from '../html.ts';
import { type Flash, type NavKey, type PageFrame, page } from './layout.ts';

/** The sections whose texts give their page's title and the line of help under it. */
type IntroducedSection = Extract<NavKey, 'apiKeys' | 'storeVersions'>;

/** A section's page under its own nav entry: its title and intro from its texts, then `body`. */
export function sectionPage(
  frame: PageFrame,
  section: IntroducedSection,
  flash: Flash | null | undefined,
  body: Html,
): Html {
  const t = frame.t[section];
  return page(frame, { title: t.title, active: section, flash, head: { intro: t.intro }, body });
}
