import type { Program } from './api.ts';
import { LoyaltyElement, WHERE_ATTRIBUTES } from './base.ts';
import { h } from './dom.ts';
import type { Formats } from './i18n.ts';

/**
 * `<loyalty-join-choice name="loyalty_join" value="yes">` in the registration form: a real form
 * control (form-associated), so the store's form submits `loyalty_join=yes` when it is ticked and
 * nothing when not, or where the program does not show. The store's back end then joins the new
 * customer (POST …/me/join with `source: registration`).
 */
export class JoinChoice extends LoyaltyElement {
  static formAssociated = true;
  static observedAttributes = [...WHERE_ATTRIBUTES, 'value'];
  private readonly internals = this.attachInternals();
  private box: HTMLInputElement | undefined;

  get checked(): boolean {
    return this.box?.checked ?? false;
  }

  override connectedCallback(): void {
    if (!this.hasAttribute('name')) this.setAttribute('name', 'loyalty_join');
    super.connectedCallback();
  }

  formResetCallback(): void {
    if (this.box) this.box.checked = this.hasAttribute('checked');
    this.sync();
  }

  private sync(): void {
    this.internals.setFormValue(this.checked ? this.getAttribute('value') || 'yes' : null);
  }

  protected async render(_where: unknown, program: Program, f: Formats) {
    const box = h('input', {
      type: 'checkbox',
      id: 'c',
      part: 'checkbox',
      checked: this.box?.checked ?? this.hasAttribute('checked'),
      onchange: () => {
        this.sync();
        this.dispatchEvent(new Event('change', { bubbles: true }));
      },
    }) as HTMLInputElement;
    this.box = box;
    const extra =
      program.joinPoints > 0
        ? ` ${f.t.joinPoints} ${f.number(program.joinPoints)} ${f.t.points(program.joinPoints)}.`
        : '';
    this.root.replaceChildren(
      h(
        'p',
        { part: 'choice', lang: f.lang },
        box,
        ' ',
        h('label', { for: 'c', part: 'label' }, `${f.t.join} (${program.name})`),
        h('span', { class: 'muted' }, extra),
        ' ',
        h('a', { href: program.termsUrl, part: 'link', target: '_blank', rel: 'noopener' }, f.t.terms),
      ),
    );
    this.sync();
  }

  protected override clear(): void {
    this.box = undefined;
    this.internals.setFormValue(null);
    super.clear();
  }
}

/** `<loyalty-intro-link>`: a link to the program's intro page; its content, if any, is the link's text. */
export class IntroLink extends LoyaltyElement {
  static observedAttributes = WHERE_ATTRIBUTES;

  protected async render(_where: unknown, program: Program, f: Formats) {
    this.root.replaceChildren(
      h('a', { href: program.introUrl, part: 'link', lang: f.lang }, h('slot', {}, f.t.intro)),
    );
  }
}
