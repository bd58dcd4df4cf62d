import { formatEuros, PRODUCTS, type Product } from './catalog.ts';

/** The two store versions: the public Finnish shop, and the B2B shop behind a login where the program never shows. */
export const STORES = {
  fi: { id: 'fi', title: 'Retkikauppa', requiresLogin: false },
  b2b: { id: 'b2b', title: 'Retkikauppa B2B', requiresLogin: true },
} as const;
export type StoreId = keyof typeof STORES;

export interface PageContext {
  store: StoreId;
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
  const account = page.user
    ? `<a href="${base}/account">Oma tili (${h(page.user.name)})</a>
       <form method="post" action="${base}/signout" class="inline"><button>Kirjaudu ulos</button></form>`
    : `<a href="${base}/signin">Kirjaudu</a> <a href="${base}/register">Rekisteröidy</a>`;
  return `<!doctype html>
<html lang="fi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)} – ${STORES[page.store].title}</title>
<meta name="loyalty-shop" content="${h(page.shopId)}">
<meta name="loyalty-store-version" content="${page.store}">
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
<nav aria-label="Päävalikko"><a href="${base}/">Tuotteet</a> <a href="${base}/cart">Ostoskori (${page.cartCount})</a> ${account}</nav></header>
<main><h1>${h(title)}</h1>${body}</main>
<footer><p><a href="/fi/">Kuluttajat</a> · <a href="/b2b/">Yritysasiakkaat (B2B)</a> · <a href="/backoffice">Ylläpito</a></p></footer>
</body></html>`;
}

export function productList(page: PageContext): string {
  const cards = PRODUCTS.map(
    (p) => `<article class="card"><h2><a href="/${page.store}/products/${p.id}">${h(p.name)}</a></h2>
<p>${formatEuros(p.priceCents)}</p>
<loyalty-product-points price-cents="${p.priceCents}" product-id="${p.id}" category="${p.category}"></loyalty-product-points>
</article>`,
  ).join('');
  return layout(
    page,
    'Tuotteet',
    `<div class="products">${cards}</div><p><loyalty-intro-link></loyalty-intro-link></p>`,
  );
}

/** A product page: the points follow the quantity field (the element's quantity attribute). */
export function productPage(page: PageContext, p: Product): string {
  return layout(
    page,
    p.name,
    `<p>${h(p.description)}</p><p><strong>${formatEuros(p.priceCents)}</strong></p>
<loyalty-product-points id="points" price-cents="${p.priceCents}" product-id="${p.id}" category="${p.category}"></loyalty-product-points>
<p><loyalty-intro-link></loyalty-intro-link></p>
<form method="post" action="/${page.store}/cart">
<input type="hidden" name="productId" value="${p.id}">
<label>Määrä <input id="quantity" name="quantity" type="number" min="1" max="99" value="1"></label>
<button>Lisää ostoskoriin</button></form>
<script>document.getElementById('quantity').addEventListener('input', (e) =>
  document.getElementById('points').setAttribute('quantity', e.target.value || '1'));</script>`,
  );
}

export interface CartView {
  lines: { product: Product; quantity: number }[];
  message?: string;
}

export function cartPage(page: PageContext, cart: CartView, signedIn: boolean): string {
  const rows = cart.lines
    .map(
      (l) =>
        `<tr><td>${h(l.product.name)}</td><td>${l.quantity}</td><td>${formatEuros(l.product.priceCents * l.quantity)}</td></tr>`,
    )
    .join('');
  const total = cart.lines.reduce((sum, l) => sum + l.product.priceCents * l.quantity, 0);
  const lines = JSON.stringify(cartLines(cart));
  const checkout = signedIn
    ? `<form method="post" action="/${page.store}/checkout">
<label>Kanta-asiakkaan alennuskoodi <input name="code" autocomplete="off"></label>
<button>Tilaa</button></form>`
    : `<p><a href="/${page.store}/signin">Kirjaudu sisään</a> tilataksesi.</p>`;
  const body = cart.lines.length
    ? `<table><thead><tr><th>Tuote</th><th>Määrä</th><th>Hinta</th></tr></thead><tbody>${rows}</tbody></table>
<p>Yhteensä <strong>${formatEuros(total)}</strong></p>
<loyalty-cart-points lines='${h(lines)}'></loyalty-cart-points>
<p><loyalty-intro-link></loyalty-intro-link></p>${checkout}`
    : '<p>Ostoskori on tyhjä.</p>';
  return layout(
    page,
    'Ostoskori',
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
  return layout(
    page,
    'Rekisteröidy',
    `${error ? `<p class="error" role="alert">${h(error)}</p>` : ''}
<form method="post" action="/${page.store}/register">
<label>Nimi <input name="name" required autocomplete="name"></label>
<label>Sähköposti <input name="email" type="email" required autocomplete="email"></label>
<label>Salasana <input name="password" type="password" required autocomplete="new-password"></label>
<loyalty-join-choice name="loyalty_join" value="yes"></loyalty-join-choice>
<p><button>Rekisteröidy</button></p></form>`,
  );
}

export function signInPage(page: PageContext, error?: string): string {
  return layout(
    page,
    'Kirjaudu',
    `${error ? `<p class="error" role="alert">${h(error)}</p>` : ''}
<form method="post" action="/${page.store}/signin">
<label>Sähköposti <input name="email" type="email" required autocomplete="email"></label>
<label>Salasana <input name="password" type="password" required autocomplete="current-password"></label>
<p><button>Kirjaudu</button></p></form>`,
  );
}

export function accountPage(page: PageContext, orders: OrderRow[], message?: string): string {
  const rows = orders
    .map(
      (
        o,
      ) => `<tr><td>${o.id}</td><td>${o.status}</td><td>${formatEuros(o.totalCents)}</td><td>${o.code ? h(o.code) : ''}</td>
<td>${o.status === 'delivered' && !o.reviewId ? `<form method="post" action="/${page.store}/account/reviews"><input type="hidden" name="orderId" value="${o.id}"><button>Arvostele ${h(o.lines[0]?.product.name ?? '')}</button></form>` : ''}</td></tr>`,
    )
    .join('');
  return layout(
    page,
    'Oma tili',
    `${message ? `<p class="message" role="status">${h(message)}</p>` : ''}
<loyalty-account page-size="5"></loyalty-account>
<h2>Tilaukset</h2><table><thead><tr><th>Tilaus</th><th>Tila</th><th>Summa</th><th>Koodi</th><th><span class="visually-hidden">Toiminnot</span></th></tr></thead><tbody>${rows}</tbody></table>`,
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
      return `<tr><td>${o.id}</td><td>${h(o.customerId)}</td><td>${o.store}</td><td>${o.status}</td><td>${formatEuros(o.totalCents)}</td><td>${o.code ? h(o.code) : ''}</td><td>${actions}</td></tr>`;
    })
    .join('');
  return `<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>Ylläpito – Retkikauppa</title>
<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:0 auto;padding:1rem}td,th{border-bottom:1px solid #8a8a8a;padding:.3rem .6rem;text-align:left}.inline{display:inline}</style></head>
<body><main><h1>Ylläpito</h1>${message ? `<p role="status">${h(message)}</p>` : ''}
<table><thead><tr><th>Tilaus</th><th>Asiakas</th><th>Kauppa</th><th>Tila</th><th>Summa</th><th>Koodi</th><th>Toiminnot</th></tr></thead><tbody>${rows}</tbody></table>
<p><a href="/fi/">Kauppaan</a></p></main></body></html>`;
}
