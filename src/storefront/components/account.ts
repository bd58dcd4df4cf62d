import { call, type Program } from './api.ts';
import { intAttribute, LoyaltyElement, WHERE_ATTRIBUTES } from './base.ts';
import type { Where } from './config.ts';
import { h } from './dom.ts';
import type { Formats } from './i18n.ts';
import { qrSvg } from './qr.ts';

interface Membership {
  visible: boolean;
  member: boolean;
  memberNumber: number | null;
  balance: number;
  nextTier: { valueCents: number; pointsMissing: number } | null;
  qrText: string | null;
}

interface Entry {
  kind: string;
  points: number;
  createdAt: string;
}

interface Page {
  data: Entry[];
  nextBefore: number | null;
}

interface Code {
  code: string;
  valueCents: number;
  validUntil: string;
}

/**
 * `<loyalty-account token="…">` on My Account: for a member the balance, the member QR code for
 * the till, the valid codes with copy buttons and the points history a page at a time; for a
 * registered non-member a join button. Announces what changed in a live region.
 */
export class Account extends LoyaltyElement {
  static observedAttributes = [...WHERE_ATTRIBUTES, 'page-size'];
  private live = h('p', { class: 'sr', role: 'status' });

  protected async render(where: Where, program: Program, f: Formats, round: number) {
    if (!where.token) return this.clear();
    const me = await call<Membership>(where, 'GET', '/me');
    if (!me.visible) return this.clear();
    const parts: Node[] = [h('h2', { part: 'heading' }, program.name)];
    if (me.member) {
      const [codes, page, consent] = await Promise.all([
        call<{ data: Code[] }>(where, 'GET', '/me/codes'),
        this.ledger(where),
        call<{ granted: boolean }>(where, 'GET', '/me/marketing-consent'),
      ]);
      parts.push(
        this.balance(me, f),
        this.consent(where, consent.granted, f),
        this.codes(codes.data, f),
        this.history(where, page, f),
      );
    } else {
      parts.push(h('p', {}, f.t.notMember), this.joinButton(where, f));
    }
    if (!this.current(round)) return;
    parts.push(h('p', {}, h('a', { href: program.termsUrl, part: 'link' }, f.t.terms)));
    this.root.replaceChildren(
      h('section', { class: 'box', part: 'panel', lang: f.lang }, ...parts),
      this.live,
    );
  }

  protected override failed(f: Formats): void {
    this.root.replaceChildren(h('p', { role: 'alert', part: 'error' }, f.t.failed));
  }

  private say(text: string): void {
    this.live.textContent = text;
  }

  private ledger(where: Where, before?: number): Promise<Page> {
    const limit = intAttribute(this, 'page-size') ?? 10;
    return call<Page>(where, 'GET', `/me/ledger?limit=${limit}${before ? `&before=${before}` : ''}`);
  }

  private balance(me: Membership, f: Formats): Node {
    const next = me.nextTier;
    return h(
      'div',
      { part: 'balance' },
      h(
        'p',
        {},
        `${f.t.balance}: `,
        h('span', { class: 'pts' }, `${f.number(me.balance)} ${f.t.points(me.balance)}`),
      ),
      next &&
        h('p', { class: 'muted' }, f.t.nextTier(f.number(next.pointsMissing), f.money(next.valueCents))),
      h('h3', {}, f.t.qr),
      me.qrText && qrSvg(me.qrText, `${f.t.qr}: ${me.qrText}`),
      h('p', {}, `${f.t.memberNumber}: `, h('span', { part: 'member-number' }, String(me.memberNumber))),
    );
  }

  private codes(codes: Code[], f: Formats): Node {
    const list = h('ul', { part: 'codes' });
    for (const c of codes) {
      const until = `${f.t.validUntil} ${f.date(c.validUntil)} ${f.t.until}`.trim();
      const copy = h(
        'button',
        { type: 'button', class: 's', part: 'copy-button', 'aria-label': `${f.t.copy} ${c.code}` },
        f.t.copy,
      );
      copy.onclick = () => this.copy(c.code, f);
      list.append(
        h(
          'li',
          { part: 'code' },
          h('code', {}, c.code),
          h('span', {}, f.money(c.valueCents)),
          h('span', { class: 'muted' }, until),
          copy,
        ),
      );
    }
    return h(
      'div',
      {},
      h('h3', {}, f.t.codes),
      codes.length ? list : h('p', { class: 'muted' }, f.t.noCodes),
    );
  }

  private async copy(code: string, f: Formats): Promise<void> {
    try {
      await navigator.clipboard.writeText(code);
      this.say(f.t.copied(code));
    } catch {
      // No clipboard (an insecure page or a refusal): select the code, for the shopper to copy.
      const shown = [...this.root.querySelectorAll('code')].find((c) => c.textContent === code);
      if (shown) getSelection()?.selectAllChildren(shown);
    }
  }

  private history(where: Where, page: Page, f: Formats): Node {
    const body = h('tbody');
    const table = h(
      'table',
      { part: 'history', tabindex: -1 },
      h('caption', { class: 'sr' }, f.t.history),
      h(
        'thead',
        {},
        h('tr', {}, h('th', {}, f.t.date), h('th', {}, f.t.event), h('th', { class: 'n' }, f.t.pointsColumn)),
      ),
      body,
    );
    const more = h('button', { type: 'button', class: 's', part: 'more-button' }, f.t.more);
    const add = (p: Page) => {
      for (const e of p.data)
        body.append(
          h(
            'tr',
            {},
            h('td', {}, f.date(e.createdAt)),
            h('td', {}, f.t.kinds[e.kind] ?? e.kind),
            h('td', { class: 'n' }, f.signed(e.points)),
          ),
        );
      more.hidden = p.nextBefore === null;
      more.onclick = async () => {
        (more as HTMLButtonElement).disabled = true;
        const next = await this.ledger(where, p.nextBefore ?? undefined).catch(() => null);
        (more as HTMLButtonElement).disabled = false;
        if (!next) return this.say(f.t.failed);
        add(next);
        if (more.hidden) table.focus();
      };
    };
    add(page);
    return h('div', {}, h('h3', {}, f.t.history), table, more);
  }

  /** "Send me offers and reminders": the member's consent to marketing, saved as it is ticked. */
  private consent(where: Where, granted: boolean, f: Formats): Node {
    const box = h('input', { type: 'checkbox', part: 'consent-checkbox' }) as HTMLInputElement;
    box.checked = granted;
    box.onchange = async () => {
      const wanted = box.checked;
      box.disabled = true;
      try {
        await call(where, 'POST', '/me/marketing-consent', { granted: wanted });
        this.say(wanted ? f.t.consentGiven : f.t.consentWithdrawn);
      } catch {
        box.checked = !wanted;
        this.say(f.t.failed);
      }
      box.disabled = false;
    };
    return h('p', { part: 'consent' }, h('label', {}, box, ` ${f.t.consent}`));
  }

  private joinButton(where: Where, f: Formats): Node {
    const button = h('button', { type: 'button', part: 'join-button' }, f.t.joinButton) as HTMLButtonElement;
    button.onclick = async () => {
      button.disabled = true;
      try {
        const joined = await call(where, 'POST', '/me/join', { source: 'my_account' });
        this.say(f.t.joined);
        this.dispatchEvent(
          new CustomEvent('loyalty:joined', { bubbles: true, composed: true, detail: joined }),
        );
        this.refresh();
      } catch {
        button.disabled = false;
        this.say(f.t.failed);
      }
    };
    return button;
  }
}
