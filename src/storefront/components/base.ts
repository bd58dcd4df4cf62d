import { type Program, programOf } from './api.ts';
import { type Where, whereOf } from './config.ts';
import { type Formats, wordsOf } from './i18n.ts';
import { styleSheet } from './styles.ts';

/** The attributes every element reads; each element adds its own. */
export const WHERE_ATTRIBUTES = ['service', 'shop', 'store-version', 'token', 'language'];

/**
 * An element in a shadow root of its own that shows something only where the store version shows
 * the program: it asks for the program (once per page) and renders nothing, and asks nothing
 * more, where the program is hidden, not published, or the version requires login. Attribute
 * changes render it again, once per task however many change at once.
 */
export abstract class LoyaltyElement extends HTMLElement {
  protected readonly root: ShadowRoot;
  private queued = false;
  /** Counts renders, so that a slow answer does not overwrite a newer one. */
  protected round = 0;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    this.root.adoptedStyleSheets = [styleSheet()];
  }

  connectedCallback(): void {
    this.refresh();
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.refresh();
  }

  /** Renders again after the current task (attribute changes together make one render). */
  refresh(): void {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      void this.load();
    });
  }

  private async load(): Promise<void> {
    const round = ++this.round;
    const where = whereOf(this);
    const program = where.shop && where.version ? await programOf(where) : null;
    if (round !== this.round) return;
    if (!program) {
      this.clear();
      return;
    }
    // The page's language when it names one (an English page of a Finnish shop), else the program's.
    const formats = wordsOf(where.language ?? program.language);
    try {
      await this.render(where, program, formats, round);
    } catch {
      if (round === this.round) this.failed(formats);
    }
  }

  /** Shows nothing. */
  protected clear(): void {
    this.root.replaceChildren();
  }

  /** What to show when a request failed: nothing, unless the element says otherwise. */
  protected failed(_formats: Formats): void {
    this.clear();
  }

  /** Whether a render that awaited something is still the newest one. */
  protected current(round: number): boolean {
    return round === this.round;
  }

  protected abstract render(where: Where, program: Program, formats: Formats, round: number): Promise<void>;
}

/** A number attribute, or null when it is missing or not a whole number. */
export function intAttribute(element: Element, name: string): number | null {
  const value = element.getAttribute(name);
  return value !== null && /^\s*\d+\s*$/.test(value) ? Number(value) : null;
}
