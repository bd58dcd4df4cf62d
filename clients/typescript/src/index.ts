/**
 * Typed client for the loyalty service's store API (`/v1`): an openapi-fetch client over the types
 * generated from the service's OpenAPI document (./schema.ts), with the shop's API key sent on every
 * request.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.ts';

export type { components, operations, paths } from './schema.ts';

export interface LoyaltyClientOptions {
  /** Where the service answers, e.g. `https://loyalty.example.com` (without `/v1`). */
  baseUrl: string;
  /** The shop's API key: `lk_live_…` (full access) or `lk_read_…` (read-only). */
  apiKey: string;
  /** A fetch to use instead of the global one (tests, proxies, retries). */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers sent on every request besides Authorization, e.g. a User-Agent of your integration. */
  headers?: Record<string, string>;
}

/** The client: `GET`, `POST`, `PUT`, `PATCH` and `DELETE` take a path of the API and its typed options. */
export type LoyaltyClient = Client<paths>;

/**
 * A client for one shop. Every call answers `{ data, error, response }`: `data` is the typed body of
 * a success, `error` the problem document of a refusal (see `Problem`), never both.
 *
 * @example
 * const loyalty = createLoyaltyClient({ baseUrl: 'https://loyalty.example.com', apiKey: process.env.LOYALTY_KEY! });
 * const { data, error } = await loyalty.GET('/v1/members/{customerId}', { params: { path: { customerId: 'c-1' } } });
 */
export function createLoyaltyClient(options: LoyaltyClientOptions): LoyaltyClient {
  if (!options.apiKey) throw new TypeError('createLoyaltyClient: apiKey is required');
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { ...options.headers, Authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** Any schema of the document by its name, e.g. `Schema<'OrderLine'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** An RFC 9457 problem document (`application/problem+json`): how every error comes back. Branch on `code`. */
export type Problem = Schema<'Problem'>;
export type Customer = Schema<'Customer'>;
export type Membership = Schema<'Membership'>;
export type LedgerEntry = Schema<'LedgerEntry'>;
export type DiscountCode = Schema<'DiscountCode'>;
export type NewOrder = Schema<'NewOrder'>;
export type NewSale = Schema<'NewSale'>;
export type OrderLine = Schema<'OrderLine'>;
export type OrderPlaced = Schema<'OrderPlaced'>;
export type OrderDetail = Schema<'OrderDetail'>;
export type Delivery = Schema<'Delivery'>;
export type CodeCheck = Schema<'CodeCheck'>;
export type Redemption = Schema<'Redemption'>;
export type PointsPreview = Schema<'PointsPreview'>;
export type BillingAccount = Schema<'BillingAccount'>;
export type BillingMonth = Schema<'BillingMonth'>;
export type InvoiceLine = Schema<'InvoiceLine'>;

/** Whether a value is a problem document (the `error` of a call), as opposed to a non-JSON error body. */
export function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { status?: unknown }).status === 'number'
  );
}
