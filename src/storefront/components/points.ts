import { call, type Program } from './api.ts';
import { intAttribute, LoyaltyElement, WHERE_ATTRIBUTES } from './base.ts';
import type { Where } from './config.ts';
import { h } from './dom.ts';
import type { Formats } from './i18n.ts';

/** An order line as the points preview takes it (the store API's order line). */
export interface CartLine {
  productId: string;
  category?: string;
  quantity: number;
  unitPriceCents: number;
  lineDiscountCents?: number;
  giftCard?: boolean;
}

export interface Cart {
  lines: CartLine[];
  orderDiscountCents?: number;
}

/**
 * The points a product or cart earns, in a live region: a screen reader reads the new figure when
 * the quantity or the cart changes.
 */
abstract class PointsElement extends LoyaltyElement {
  private line: HTMLElement | undefined;

  protected abstract cart(): Cart | null;
  protected abstract lead(formats: Formats): string;

  protected async render(where: Where, _program: Program, formats: Formats, round: number) {
    const cart = this.cart();
    if (!cart || cart.lines.length === 0) return this.clear();
    const path = `/store-versions/${encodeURIComponent(where.version)}/points-preview`;
    const answer = await call<{
      visible: boolean;
      points: number;
      campaign?: { multiplierPct: number; endsAt: string } | null;
    }>(where, 'POST', path, cart, false);
    if (!this.current(round)) return;
    if (!answer.visible) return this.clear();
    const n = answer.points;
    const text = [
      `${this.lead(formats)} `,
      h('span', { class: 'pts' }, `${formats.number(n)} ${formats.t.points(n)}`),
    ];
    const campaign = answer.campaign;
    if (campaign) {
      text.push(
        ' ',
        h(
          'span',
          { class: 'campaign', part: 'campaign' },
          formats.campaign(campaign.multiplierPct, campaign.endsAt),
        ),
      );
    }
    if (!this.line?.isConnected) {
      this.line = h('p', { part: 'points', role: 'status' });
      this.root.replaceChildren(this.line);
    }
    this.line.lang = formats.lang;
    this.line.replaceChildren(...text);
  }
}

/** `<loyalty-product-points price-cents="7990" quantity="1" product-id="jacket" category="clothes">` */
export class ProductPoints extends PointsElement {
  static observedAttributes = [...WHERE_ATTRIBUTES, 'price-cents', 'quantity', 'product-id', 'category'];

  protected cart(): Cart | null {
    const price = intAttribute(this, 'price-cents');
    if (price === null) return null;
    const category = this.getAttribute('category');
    const line: CartLine = {
      productId: this.getAttribute('product-id') || 'product',
      quantity: Math.max(1, intAttribute(this, 'quantity') ?? 1),
      unitPriceCents: price,
    };
    if (category) line.category = category;
    return { lines: [line] };
  }

  protected lead(formats: Formats): string {
    return formats.t.earn;
  }
}

/**
 * `<loyalty-cart-points lines='[…]' order-discount-cents="1000">`; the cart may also be sent as a
 * `loyalty:cart` event on the document with `{lines, orderDiscountCents}`.
 */
export class CartPoints extends PointsElement {
  static observedAttributes = [...WHERE_ATTRIBUTES, 'lines', 'order-discount-cents'];
  private sent: Cart | null = null;
  private readonly onCart = (event: Event) => {
    this.sent = (event as CustomEvent<Cart>).detail ?? null;
    this.refresh();
  };

  override connectedCallback(): void {
    document.addEventListener('loyalty:cart', this.onCart);
    super.connectedCallback();
  }

  disconnectedCallback(): void {
    document.removeEventListener('loyalty:cart', this.onCart);
  }

  override attributeChangedCallback(): void {
    this.sent = null;
    super.attributeChangedCallback();
  }

  protected cart(): Cart | null {
    if (this.sent) return this.sent;
    try {
      const lines = JSON.parse(this.getAttribute('lines') ?? '[]') as CartLine[];
      return { lines, orderDiscountCents: intAttribute(this, 'order-discount-cents') ?? 0 };
    } catch {
      return null;
    }
  }

  protected lead(formats: Formats): string {
    return formats.t.cart;
  }
}
