import { SignJWT } from 'jose';

/** What the shop's back end keeps in its configuration (never sent to a browser but the token). */
export interface LoyaltyConfig {
  /** The loyalty service's address, e.g. http://localhost:3000. */
  serviceUrl: string;
  shopId: string;
  /** The store API key (lk_live_…): server side only. */
  apiKey: string;
  /** The storefront secret's id (the token's kid) and the secret that signs shopper tokens. */
  secretId: string;
  secret: string;
}

export class LoyaltyError extends Error {
  constructor(
    readonly status: number,
    readonly body: { code?: string; message?: string; detail?: string },
  ) {
    super(body.message ?? body.detail ?? `HTTP ${status}`);
  }
}

/** The store API (docs/api.md), called with the API key from the shop's back end. */
export function storeApi(config: LoyaltyConfig) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${config.serviceUrl}/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${config.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as { code?: string; message?: string };
    if (!response.ok) throw new LoyaltyError(response.status, json);
    return json as T;
  }
  return {
    putCustomer: (id: string, customer: { email: string; name: string; registeredAt: string }) =>
      call('PUT', `/customers/${encodeURIComponent(id)}`, { ...customer, language: 'fi' }),
    join: (customerId: string) => call('POST', '/members', { customerId, source: 'registration' }),
    checkCode: (input: CodeInput) =>
      call<{ accepted: boolean; reason?: string | null; discountCents?: number; message?: string }>(
        'POST',
        '/checkout/code-checks',
        input,
      ),
    redeemCode: (input: CodeInput & { orderId: string }) =>
      call<{ discountCents: number }>('POST', '/checkout/redemptions', input),
    placeOrder: (order: unknown) => call('POST', '/orders', order),
    deliver: (orderId: string) => call('POST', `/orders/${orderId}/deliver`, {}),
    cancel: (orderId: string) => call('POST', `/orders/${orderId}/cancel`, {}),
    returnItems: (orderId: string, id: string, lineNo: number) =>
      call('POST', `/orders/${orderId}/returns`, { id, lines: [{ lineNo, quantity: 1 }] }),
    submitReview: (id: string, orderId: string, productId: string) =>
      call('POST', '/reviews', { id, orderId, productId }),
    approveReview: (id: string) => call('POST', `/reviews/${id}/approve`, {}),
  };
}

export interface CartLine {
  productId: string;
  category: string;
  quantity: number;
  unitPriceCents: number;
}

export interface CodeInput {
  code: string;
  customerId: string;
  storeVersionId: string;
  loggedIn: boolean;
  cart: { lines: CartLine[] };
}

/** The shopper token (docs/storefront-integration.md, step 2): signed anew on each page load. */
export function shopperToken(
  config: LoyaltyConfig,
  customerId: string,
  storeVersion: string,
): Promise<string> {
  return new SignJWT({ shop: config.shopId, storeVersion })
    .setProtectedHeader({ alg: 'HS256', kid: config.secretId })
    .setSubject(customerId)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(config.secret));
}
