import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { productById, SEEDED_CUSTOMERS } from './catalog.ts';
import { type LoyaltyConfig, shopperToken, storeApi } from './loyalty.ts';
import {
  accountPage,
  backOfficePage,
  type CartView,
  cartLines,
  cartPage,
  type OrderRow,
  type PageContext,
  productList,
  productPage,
  registerPage,
  STORES,
  type StoreId,
  signInPage,
} from './pages.ts';
import { type Lang, TEXTS, type Texts } from './texts.ts';

interface User {
  id: string;
  email: string;
  name: string;
  password: string;
  registeredAt: string;
}

/** The shop's own state, in memory: it is an example, so a restart forgets the carts and orders. */
interface State {
  users: User[];
  sessions: Map<string, Session>;
  orders: OrderRow[];
}

/** A shopper's session: who is signed in, the language, and a cart in each store version (product id → quantity). */
interface Session {
  userId?: string;
  lang: Lang;
  carts: Record<StoreId, Map<string, number>>;
}

type Handler = (request: Request) => Promise<Response>;
interface Request {
  store?: StoreId;
  /** The method, then the path after the store version: ['POST', 'cart'], ['GET', 'products', 'jacket']. */
  path: string[];
  /** The page's own path, without the query. */
  pathname: string;
  /** The shop's words in the session's language. */
  t: Texts;
  form: URLSearchParams;
  session: Session;
  /** The cart of the store version the page belongs to. */
  cart: Map<string, number>;
  user?: User;
}
type Response = { html: string; status?: number } | { redirect: string };

export interface DemoShop {
  url: string;
  close(): Promise<void>;
}

/** Starts the demo web shop on its own port; `loyalty` is its configuration for the service. */
export async function startDemoShop(options: {
  port: number;
  host?: string;
  loyalty: LoyaltyConfig;
}): Promise<DemoShop> {
  const state: State = {
    users: SEEDED_CUSTOMERS.map((c) => ({ ...c, registeredAt: new Date().toISOString() })),
    sessions: new Map(),
    orders: [],
  };
  const handle = routes(state, options.loyalty);
  const server = createServer((req, res) => {
    serve(state, handle, req, res).catch((error) => {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(String(error));
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function serve(state: State, handle: Handler, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://shop');
  if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
  const sid = /(?:^|;\s*)sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
  let sessionId = sid && state.sessions.has(sid) ? sid : undefined;
  if (!sessionId) {
    sessionId = randomBytes(16).toString('hex');
    state.sessions.set(sessionId, { lang: 'fi', carts: { fi: new Map(), b2b: new Map() } });
  }
  const session = state.sessions.get(sessionId)!;
  // The language switch: `?lang=en` or `?lang=fi` on any page, kept for the session.
  const lang = url.searchParams.get('lang');
  if (lang === 'fi' || lang === 'en') session.lang = lang;
  let body = '';
  for await (const chunk of req) body += chunk;
  const parts = url.pathname.split('/').filter(Boolean);
  const store = parts[0] === 'fi' || parts[0] === 'b2b' ? (parts[0] as StoreId) : undefined;
  const user = state.users.find((u) => u.id === session.userId);
  const response = await handle({
    ...(store ? { store } : {}),
    path: [req.method ?? 'GET', ...(store ? parts.slice(1) : parts)],
    pathname: url.pathname,
    t: TEXTS[session.lang],
    form: req.method === 'POST' ? new URLSearchParams(body) : url.searchParams,
    session,
    cart: session.carts[store ?? 'fi'],
    ...(user ? { user } : {}),
  });
  const cookie = `sid=${sessionId}; HttpOnly; SameSite=Lax; Path=/`;
  if ('redirect' in response) res.writeHead(303, { location: response.redirect, 'set-cookie': cookie }).end();
  else
    res
      .writeHead(response.status ?? 200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': cookie })
      .end(response.html);
}

/** The shop's pages; each names the integration step it shows (examples/demo-shop/README.md). */
function routes(state: State, loyalty: LoyaltyConfig): Handler {
  const api = storeApi(loyalty);
  const page = async (r: Request): Promise<PageContext> => ({
    store: r.store ?? 'fi',
    lang: r.session.lang,
    path: r.pathname,
    serviceUrl: loyalty.serviceUrl,
    shopId: loyalty.shopId,
    cartCount: [...r.cart.values()].reduce((a, b) => a + b, 0),
    ...(r.user ? { user: r.user, token: await shopperToken(loyalty, r.user.id, r.store ?? 'fi') } : {}),
  });
  const cartOf = (r: Request): CartView => ({
    lines: [...r.cart].map(([id, quantity]) => ({ product: productById(id)!, quantity })),
  });
  const failure = (error: unknown) => (error instanceof Error ? error.message : String(error));

  return async (r) => {
    const [method, action, ...rest] = r.path;
    if (!r.store) return backOffice(state, api, method!, action, rest, r.form);
    const base = `/${r.store}`;
    if (STORES[r.store].requiresLogin && !r.user && action !== 'signin')
      return { redirect: `${base}/signin` };
    const key = `${method} ${action ?? ''}`;
    switch (key) {
      case 'GET ':
        return { html: productList(await page(r)) };
      case 'GET products': {
        const product = productById(rest[0] ?? '');
        return product ? { html: productPage(await page(r), product) } : { html: r.t.notFound, status: 404 };
      }
      case 'GET cart':
        return { html: cartPage(await page(r), cartOf(r), !!r.user) };
      case 'POST cart': {
        const id = r.form.get('productId') ?? '';
        if (productById(id))
          r.cart.set(id, (r.cart.get(id) ?? 0) + Math.max(1, Number(r.form.get('quantity')) || 1));
        return { redirect: `${base}/cart` };
      }
      case 'GET register':
        return { html: registerPage(await page(r)) };
      case 'POST register':
        return register(r, state, api, page);
      case 'GET signin':
        return { html: signInPage(await page(r)) };
      case 'POST signin':
        return signIn(r, state, api, page);
      case 'POST signout':
        r.session.userId = undefined;
        return { redirect: `${base}/` };
      case 'POST checkout':
        try {
          const orderId = await checkout(r, state, api, cartOf(r));
          return { redirect: `${base}/account?placed=${orderId}` };
        } catch (error) {
          return {
            html: cartPage(await page(r), { ...cartOf(r), message: failure(error) }, true),
            status: 409,
          };
        }
      case 'GET account': {
        if (!r.user) return { redirect: `${base}/signin` };
        const placed = r.form.get('placed');
        const mine = state.orders.filter((o) => o.customerId === r.user!.id);
        return {
          html: accountPage(await page(r), mine, placed ? r.t.orderPlaced(placed) : undefined),
        };
      }
      case 'POST account':
        await review(r, state, api);
        return { redirect: `${base}/account` };
      default:
        return { html: r.t.notFound, status: 404 };
    }
  };
}

/** Sign-in: a customer of the shop's own is registered with the service before its first token. */
async function signIn(
  r: Request,
  state: State,
  api: ReturnType<typeof storeApi>,
  page: (r: Request) => Promise<PageContext>,
): Promise<Response> {
  const user = state.users.find(
    (u) => u.email === r.form.get('email') && u.password === r.form.get('password'),
  );
  if (!user) return { html: signInPage(await page(r), r.t.wrongPassword), status: 401 };
  await api.putCustomer(user.id, { email: user.email, name: user.name, registeredAt: user.registeredAt });
  r.session.userId = user.id;
  return { redirect: `/${r.store}/account` };
}

/** A review of a delivered order's first product, which the back office approves (review points). */
async function review(r: Request, state: State, api: ReturnType<typeof storeApi>): Promise<void> {
  const order = state.orders.find((o) => o.id === r.form.get('orderId') && o.customerId === r.user?.id);
  if (!order?.lines[0] || order.reviewId) return;
  order.reviewId = `${order.id}-review`;
  await api.submitReview(order.reviewId, order.id, order.lines[0].product.id);
}

/** Registration: the customer is created with the store API, and joins when the join choice came ticked. */
async function register(
  r: Request,
  state: State,
  api: ReturnType<typeof storeApi>,
  page: (r: Request) => Promise<PageContext>,
): Promise<Response> {
  const email = (r.form.get('email') ?? '').trim();
  if (!email || state.users.some((u) => u.email === email))
    return { html: registerPage(await page(r), r.t.emailTaken), status: 409 };
  const user: User = {
    id: `shop-${randomBytes(4).toString('hex')}`,
    email,
    name: r.form.get('name') ?? email,
    password: r.form.get('password') ?? '',
    registeredAt: new Date().toISOString(),
  };
  await api.putCustomer(user.id, { email, name: user.name, registeredAt: user.registeredAt });
  if (r.form.get('loyalty_join') === 'yes') await api.join(user.id);
  state.users.push(user);
  r.session.userId = user.id;
  return { redirect: `/${r.store}/account` };
}

/** Checkout: check the code, redeem it on the order, then report the order placed (docs/api.md, Flows). */
async function checkout(
  r: Request,
  state: State,
  api: ReturnType<typeof storeApi>,
  cart: CartView,
): Promise<string> {
  if (!r.user) throw new Error(r.t.signInFirst);
  if (!cart.lines.length) throw new Error(r.t.emptyCart);
  const orderId = `web-${1001 + state.orders.length}-${randomBytes(2).toString('hex')}`;
  const lines = cartLines(cart);
  const code = (r.form.get('code') ?? '').trim();
  const where = { customerId: r.user.id, storeVersionId: r.store!, loggedIn: true, cart: { lines } };
  let codeDiscountCents = 0;
  if (code) {
    const check = await api.checkCode({ code, ...where });
    if (!check.accepted)
      throw new Error(r.t.refusals[check.reason ?? ''] ?? check.message ?? r.t.codeRefused);
    codeDiscountCents = (await api.redeemCode({ code, ...where, orderId })).discountCents;
  }
  await api.placeOrder({
    id: orderId,
    ...where,
    lines,
    channel: 'web',
    placedAt: new Date().toISOString(),
    codeDiscountCents,
    loyaltyCode: code || null,
  });
  const totalCents = lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0) - codeDiscountCents;
  state.orders.push({
    id: orderId,
    customerId: r.user.id,
    store: r.store!,
    status: 'placed',
    lines: cart.lines,
    totalCents,
    ...(code ? { code } : {}),
    returned: 0,
  });
  r.cart.clear();
  return orderId;
}

/** The back office reports what happened to an order: delivered, an item returned, cancelled, a review approved. */
async function backOffice(
  state: State,
  api: ReturnType<typeof storeApi>,
  method: string,
  action: string | undefined,
  rest: string[],
  form: URLSearchParams,
): Promise<Response> {
  if (action !== 'backoffice') return action ? { html: 'Ei löytynyt', status: 404 } : { redirect: '/fi/' };
  if (method === 'GET')
    return { html: backOfficePage([...state.orders].reverse(), form.get('done') ?? undefined) };
  const order = state.orders.find((o) => o.id === rest[1]);
  if (!order) return { html: 'Ei löytynyt', status: 404 };
  try {
    if (rest[2] === 'deliver') {
      await api.deliver(order.id);
      order.status = 'delivered';
    } else if (rest[2] === 'cancel') {
      await api.cancel(order.id);
      order.status = 'cancelled';
    } else if (rest[2] === 'return') {
      order.returned += 1;
      await api.returnItems(order.id, `${order.id}-r${order.returned}`, 1);
    } else if (rest[2] === 'approve-review' && order.reviewId) {
      await api.approveReview(order.reviewId);
      order.reviewApproved = true;
    }
  } catch (error) {
    return {
      html: backOfficePage(state.orders, error instanceof Error ? error.message : String(error)),
      status: 409,
    };
  }
  return { redirect: `/backoffice?done=${encodeURIComponent(`${order.id}: ${rest[2]}`)}` };
}
