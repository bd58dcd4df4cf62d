import { type Html, html } from '../html.ts';
import { csrfField, type NavKey, type PageFrame, page } from './layout.ts';

/**
 * The step that asks before something that cannot be undone (revoking a key, erasing a customer,
 * starting the program): a form posting `confirm=yes` to `action`, or a way back. Works without a
 * script.
 */
export function confirmPage(
  frame: PageFrame,
  step: {
    title: string;
    active: NavKey;
    /** What happens; the confirm button is described by it. */
    text: Html | string;
    /** More, between the text and the buttons (e.g. a list of what is erased). */
    details?: Html;
    action: string;
    /** The confirm button: its label, its look (`button danger`, `button large`) and an id if tests or scripts need one. */
    confirm: { label: string; className: string; id?: string };
    back: { href: string; label: string };
  },
): Html {
  const { confirm } = step;
  const id = confirm.id ? html` id="${confirm.id}"` : '';
  return page(frame, {
    title: step.title,
    active: step.active,
    body: html`<section class="panel narrow confirm-box" aria-labelledby="confirm-title">
      <h1 id="confirm-title">${step.title}</h1>
      <p id="confirm-text">${step.text}</p>${step.details ? html`\n      ${step.details}` : ''}
      <form method="post" action="${step.action}" class="form-actions">
        ${csrfField(frame)}<input type="hidden" name="confirm" value="yes">
        <button type="submit" class="${confirm.className}"${id} aria-describedby="confirm-text">${confirm.label}</button>
        <a class="button secondary" href="${step.back.href}">${step.back.label}</a>
      </form>
    </section>`,
  });
}
