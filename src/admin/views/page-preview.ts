import type { PageBlock } from '../../domain/pages/render-page.ts';
import { type Html, html } from '../html.ts';

/** A rendered page's blocks as HTML; every text is escaped, so a page can never carry markup. */
export function pageBlocksHtml(blocks: PageBlock[]): Html {
  return html`${blocks.map((block) => {
    switch (block.type) {
      case 'heading':
        return html`<h3>${block.text}</h3>`;
      case 'list':
        return html`<ul>${block.items.map((item) => html`<li>${item}</li>`)}</ul>`;
      default:
        return html`<p>${block.lines.map((line, i) => html`${i ? html`<br>` : ''}${line}`)}</p>`;
    }
  })}`;
}
