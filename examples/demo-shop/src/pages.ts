import { PRODUCTS, type Product } from './catalog.ts';
import { formatEuros, type Lang, TEXTS } from './texts.ts';

/** The two store versions: the public Finnish shop, and the B2B shop behind a login where the program never shows. */
export const STORES = {
  fi: { id: 'fi', title: 'Retkikauppa', requiresLogin: false },
  b2b: { id: 'b2b', title: 'Retkikauppa B2B', requiresLogin: true },
} as const;
export type StoreId = keyof typeof STORES;

export interface PageContext {
  store: StoreId;
  /** The shopper's language (`?lang=en` switches): the shop's words and the elements' (integration step 4). */
  lang: Lang;
  /** This page's path, for the language switch's link. */
  path: string;
  serviceUrl: string;
  shopId: string;
  user?: { name: string };
  /** The shopper token for the signed-in customer (step 2 of the integration guide). */
  token?: string;
  cartCount: number;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
export const h = escapeHtml;

/** Every page: the meta tags and the one script tag of the storefront elements (integration step 4). */
export function layout(page: PageContext, title: string, body: string): string {
  const base = `/${page.store}`;
  const t = TEXTS[page.lang];
  const account = page.user
    ? `<a href="${base}/account">${t.account} (${h(page.user.name)})</a>
       <form method="post" action="${base}/signout" class="inline"><button>${t.signOut}</button></form>`
    : `<a href="${base}/signin">${t.signIn}</a> <a href="${base}/register">${t.register}</a>`;
  const other = t.otherLanguage;
  return `<!doctype html>
<html lang="${page.lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)} – ${STORES[page.store].title}</title>
<meta name="loyalty-shop" content="${h(page.shopId)}">
<meta name="loyalty-store-version" content="${page.store}">
<meta name="loyalty-language" content="${page.lang}">
${page.token ? `<meta name="loyalty-token" content="${h(page.token)}">` : ''}
<script src="${h(page.serviceUrl)}/storefront/v1/loyalty.js" defer></script>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 0 auto; padding: 1rem; color: #1a1a1a; }
header, nav { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
.inline { display: inline; } .products { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 1rem; }
.card { border: 1px solid #8a8a8a; border-radius: 6px; padding: 1rem; } .message { background: #eef5ff; padding: .5rem 1rem; }
.error { background: #fde8e8; padding: .5rem 1rem; } label { display: block; margin: .5rem 0; } table { border-collapse: collapse; }
td, th { border-bottom: 1px solid #8a8a8a; padding: .3rem .6rem; text-align: left; } a { color: #0b57a4; }
</style></head>
<body><header><strong>${STORES[page.store].title}</strong>
<nav aria-label="${t.mainMenu}"><a href="${base}/">${t.products}</a> <a href="${base}/cart">${t.cart} (${page.cartCount})</a> ${account}
<a href="${h(page.path)}?lang=${other.lang}" lang="${other.lang}" hreflang="${other.lang}">${other.label}</a></nav></header>
<main><h1>${h(title)}</h1>${body}</main>
<footer><p><a href="/fi/">${t.consumers}</a> · <a href="/b2b/">${t.business}</a> · <a href="/backoffice">${t.backOffice}</a></p></footer>
</body></html>`;
}

export function productList(page: PageContext): string {
  const cards = PRODUCTS.map(
    (
      p,
    ) => `<article class="card"><h2><a href="/${page.store}/products/${p.id}">${h(p.words[page.lang].name)}</a></h2>
<p>${formatEuros(p.priceCents, page.lang)}</p>
<loyalty-product-points price-cents="${p.priceCents}" product-id="${p.id}" category="${p.category}"></loyalty-product-points>
</article>`,
  ).join('');
  return layout(
    page,
    TEXTS[page.lang].products,
    `<div class="products">${cards}</div><p><loyalty-intro-link></loyalty-intro-link></p>`,
  );
}

/** A product page: the points follow the quantity field (the element's quantity attribute). */
export function productPage(page: PageContext, p: Product): string {
  const t = TEXTS[page.lang];
  return layout(
    page,
    p.words[page.lang].name,
    `<p>${h(p.words[page.lang].description)}</p><p><strong>${formatEuros(p.priceCents, page.lang)}</strong></p>
<loyalty-product-points id="points" price-cents="${p.priceCents}" product-id="${p.id}" category="${p.category}"></loyalty-product-points>
<p><loyalty-intro-link></loyalty-intro-link></p>
<form method="post" action="/${page.store}/cart">
<input type="hidden" name="productId" value="${p.id}">
<label>${t.quantity} <input id="quantity" name="quantity" type="number" min="1" max="99" value="1"></label>
<button>${t.addToCart}</button></form>
<script>document.getElementById('quantity').addEventListener('input', (e) =>
  document.getElementById('points').setAttribute('quantity', e.target.value || '1'));</script>`,
  );
}

export interface CartView {
  lines: { product: Product; quantity: number }[];
  message?: string;
}

export function cartPage(page: PageContext, cart: CartView, signedIn: boolean): string {
  const t = TEXTS[page.lang];
  const rows = cart.lines
    .map(
      (l) =>
        `<tr><td>${h(l.product.words[page.lang].name)}</td><td>${l.quantity}</td><td>${formatEuros(l.product.priceCents * l.quantity, page.lang)}</td></tr>`,
    )
    .join('');
  const total = cart.lines.reduce((sum, l) => sum + l.product.priceCents * l.quantity, 0);
  const lines = JSON.stringify(cartLines(cart));
  const checkout = signedIn
    ? `<form method="post" action="/${page.store}/checkout">
<label>${t.loyaltyCode} <input name="code" autocomplete="off"></label>
<button>${t.order}</button></form>`
    : `<p><a href="/${page.store}/signin">${t.signInToOrder[0]}</a> ${t.signInToOrder[1]}</p>`;
  const body = cart.lines.length
    ? `<table><thead><tr><th>${t.product}</th><th>${t.quantity}</th><th>${t.price}</th></tr></thead><tbody>${rows}</tbody></table>
<p>${t.total} <strong>${formatEuros(total, page.lang)}</strong></p>
<loyalty-cart-points lines='${h(lines)}'></loyalty-cart-points>
<p><loyalty-intro-link></loyalty-intro-link></p>${checkout}`
    : `<p>${t.emptyCart}</p>`;
  return layout(
    page,
    t.cart,
    (cart.message ? `<p class="error" role="alert">${h(cart.message)}</p>` : '') + body,
  );
}

export function cartLines(cart: CartView) {
  return cart.lines.map((l) => ({
    productId: l.product.id,
    category: l.product.category,
    quantity: l.quantity,
    unitPriceCents: l.product.priceCents,
  }));
}

export function registerPage(page: PageContext, error?: string): string {
  const t = TEXTS[page.lang];
  return layout(
    page,
    t.register,
    `${error ? `<p class="error" role="alert">${h(error)}</p>` : ''}
<form method="post" action="/${page.store}/register">
<label>${t.name} <input name="name" required autocomplete="name"></label>
<label>${t.email} <input name="email" type="email" required autocomplete="email"></label>
<label>${t.password} <input name="password" type="password" required autocomplete="new-password"></label>
<loyalty-join-choice name="loyalty_join" value="yes"></loyalty-join-choice>
<p><button>${t.register}</button></p></form>`,
  );
}

export function signInPage(page: PageContext, error?: string): string {
  const t = TEXTS[page.lang];
  return layout(
    page,
    t.signIn,
    `${error ? `<p class="error" role="alert">${h(error)}</p>` : ''}
<form method="post" action="/${page.store}/signin">
<label>${t.email} <input name="email" type="email" required autocomplete="email"></label>
<label>${t.password} <input name="password" type="password" required autocomplete="current-password"></label>
<p><button>${t.signIn}</button></p></form>`,
  );
}

export function accountPage(page: PageContext, orders: OrderRow[], message?: string): string {
  const t = TEXTS[page.lang];
  const rows = orders
    .map(
      (
        o,
      ) => `<tr><td>${o.id}</td><td>${o.status}</td><td>${formatEuros(o.totalCents, page.lang)}</td><td>${o.code ? h(o.code) : ''}</td>
<td>${o.status === 'delivered' && !o.reviewId ? `<form method="post" action="/${page.store}/account/reviews"><input type="hidden" name="orderId" value="${o.id}"><button>${h(t.review(o.lines[0]?.product.words[page.lang].name ?? ''))}</button></form>` : ''}</td></tr>`,
    )
    .join('');
  const [order, status, sum, code, actions] = t.orderColumns;
  return layout(
    page,
    t.account,
    `${message ? `<p class="message" role="status">${h(message)}</p>` : ''}
<loyalty-account page-size="5"></loyalty-account>
<h2>${t.orders}</h2><table><thead><tr><th>${order}</th><th>${status}</th><th>${sum}</th><th>${code}</th><th><span class="visually-hidden">${actions}</span></th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

export interface OrderRow {
  id: string;
  customerId: string;
  store: StoreId;
  status: 'placed' | 'delivered' | 'cancelled';
  lines: { product: Product; quantity: number }[];
  totalCents: number;
  code?: string;
  returned: number;
  reviewId?: string;
  reviewApproved?: boolean;
}

/** The tiny back office: what a store's own order system would report to the service. */
export function backOfficePage(orders: OrderRow[], message?: string): string {
  const button = (o: OrderRow, action: string, label: string) =>
    `<form method="post" action="/backoffice/orders/${o.id}/${action}" class="inline"><button>${label}</button></form>`;
  const rows = orders
    .map((o) => {
      const actions =
        o.status === 'cancelled'
          ? ''
          : [
              o.status === 'placed' ? button(o, 'deliver', `Toimitettu ${o.id}`) : '',
              o.status === 'delivered' && o.returned < (o.lines[0]?.quantity ?? 0)
                ? button(o, 'return', `Palautus ${o.id}`)
                : '',
              button(o, 'cancel', `Peru ${o.id}`),
              o.reviewId && !o.reviewApproved ? button(o, 'approve-review', `Hyväksy arvostelu ${o.id}`) : '',
            ].join(' ');
      return `<tr><td>${o.id}</td><td>${h(o.customerId)}</td><td>${o.store}</td><td>${o.status}</td><td>${formatEuros(o.totalCents, 'fi')}</td><td>${o.code ? h(o.code) : ''}</td><td>${actions}</td></tr>`;
    })
    .join('');
  return `<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>Ylläpito – Retkikauppa</title>
<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:0 auto;padding:1rem}td,th{border-bottom:1px solid #8a8a8a;padding:.3rem .6rem;text-align:left}.inline{display:inline}</style></head>
<body><main><h1>Ylläpito</h1>${message ? `<p role="status">${h(message)}</p>` : ''}
<table><thead><tr><th>Tilaus</th><th>Asiakas</th><th>Kauppa</th><th>Tila</th><th>Summa</th><th>Koodi</th><th>Toiminnot</th></tr></thead><tbody>${rows}</tbody></table>
<p><a href="/fi/">Kauppaan</a></p></main></body></html>`;
}
