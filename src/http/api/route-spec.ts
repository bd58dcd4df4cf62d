import { z } from 'zod';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../../domain/limits.ts';
import { type ProblemStatus, problemResponse } from './schemas.ts';

export const TAGS = [
  { name: 'Program', description: 'The shop’s loyalty program: settings, publishing, where it is shown.' },
  {
    name: 'Store versions',
    description: 'The shop’s storefronts (e.g. a Finnish and an English web shop, a B2B site).',
  },
  { name: 'Customers', description: 'Customers as the store knows them.' },
  {
    name: 'Members',
    description: 'Joining and leaving, balances, ledgers, codes, adjustments, lookup at the till.',
  },
  { name: 'Orders', description: 'Orders and their delivery, cancellation and returns; POS sales.' },
  {
    name: 'Reviews',
    description: 'Product reviews of orders; the first approved one of an order earns review points.',
  },
  {
    name: 'Checkout',
    description: 'Checking and redeeming loyalty discount codes at the checkout or the till.',
  },
  {
    name: 'Campaigns',
    description:
      'Points multiplier campaigns for a period (members-only early access included) and bonus points to members (docs/campaigns.md).',
  },
  { name: 'Storefront', description: 'Figures for the shop’s own pages.' },
  { name: 'Reports', description: 'The program’s figures for the shop’s accounts.' },
  {
    name: 'Webhooks',
    description:
      'Endpoints the shop’s events are sent to, signed (Standard Webhooks), with their delivery log and replay (docs/webhooks.md).',
  },
  {
    name: 'Shopper',
    description:
      'Called from the shop’s own pages in a browser (CORS for the origins the shop lists): the program and the points a product or cart earns for any visitor, and a logged-in customer’s membership, ledger, codes, joining and leaving with a short-lived token the store’s back end signs (docs/storefront-integration.md).',
  },
  { name: 'API keys', description: 'The key the request was made with.' },
  {
    name: 'Operator',
    description:
      'For whoever runs the service for many shops: creating, suspending and resuming shops and making their keys, and their billing (price, invoice lines as JSON or CSV, closing months, ending a subscription), with an operator key (`op_…`).',
  },
] as const;
export type Tag = (typeof TAGS)[number]['name'];

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Success = Partial<Record<200 | 201, z.ZodType>>;

interface RouteDocParts<B, Q, R extends Success> {
  operationId: string;
  summary: string;
  description?: string;
  tag: Tag;
  body?: B;
  querystring?: Q;
  responses: R;
  /** Domain error codes the route can answer with, by status. */
  errors?: Partial<Record<404 | 409 | 422, string[]>>;
  /** Changes nothing although it is not a GET (a query with a body): read-only keys may call it. */
  readOnly?: boolean;
  /** Counted against the code-check rate limits. */
  codeCheckLimit?: boolean;
}

/**
 * A route's path parameters: its own `params`, or `on` the resource its path names. A valid
 * request, shown in the document: its body (as the request body's example) and the values of its
 * path and query parameters (as their examples); on a resource, the path's are the resource's.
 */
type PathDoc<P> =
  | { params?: P; on?: undefined; example: RequestExample }
  | { params?: undefined; on: PathResource<P>; example?: Omit<RequestExample, 'params'> };

export type RouteDoc<B, Q, P, R extends Success> = RouteDocParts<B, Q, R> & PathDoc<P>;

/**
 * A resource a route's path names, such as a customer by `customerId`: the path's parameters, an
 * example of them and the code of the 404 answered when there is no such resource. Every route on
 * it gives it as `on` rather than repeating the three.
 */
export interface PathResource<P> {
  params: P;
  notFound: string;
  example: Record<string, string>;
}

export interface RequestExample {
  body?: unknown;
  params?: Record<string, string>;
  query?: Record<string, string | number>;
}

/** The request examples by operation id, for the document's tidying (`openapi-tidy.ts`). */
export const requestExamples = new Map<string, RequestExample>();

export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .min(1)
    .max(MAX_IDEMPOTENCY_KEY_LENGTH)
    .regex(/^[\x21-\x7e]+$/, 'Printable ASCII without spaces')
    .optional()
    .describe(
      'Any unique string up to 255 characters (a UUID is good). The same key with the same request returns the first response again, with `Idempotent-Replayed: true`; with a different request it is refused. Kept for 24 hours.',
    ),
});

/**
 * The schema and config of one route: its own schemas plus the error responses every route of
 * its kind can give (authentication, read-only keys, idempotency, validation), so that the
 * OpenAPI document lists exactly what a client can receive.
 */
export function routeSpec<B = undefined, Q = undefined, P = undefined, R extends Success = Success>(
  method: Method,
  given: RouteDoc<B, Q, P, R>,
) {
  const doc = onItsPath(given);
  const write = method !== 'GET' && !doc.readOnly;
  const post = method === 'POST';
  const schema = {
    ...operationHead(doc),
    tags: [doc.tag],
    ...(post ? { headers: idempotencyHeaders } : {}),
    ...requestParts(doc),
    response: {
      ...doc.responses,
      ...problemResponses(method, doc, {
        401: ['api_key_missing', 'api_key_invalid', 'api_key_revoked', 'not_an_api_key'],
        403: write ? ['shop_suspended', 'api_key_read_only'] : ['shop_suspended'],
        idempotent: post,
      }),
    } as R,
  };
  return {
    schema: schema as typeof schema & { body: B; querystring: Q; params: P },
    config: { write, codeCheckLimit: doc.codeCheckLimit ?? false },
  };
}

/** The doc of a route `on` a resource, with the resource's params, example and 404 (first) as its own. */
function onItsPath<B, Q, P, R extends Success>(doc: RouteDoc<B, Q, P, R>) {
  if (!doc.on) return doc;
  const { on, errors, example, ...rest } = doc;
  return {
    ...rest,
    params: on.params,
    errors: { ...errors, 404: [on.notFound, ...(errors?.[404] ?? [])] },
    example: { ...example, params: on.example },
  };
}

type RequestParts = { body?: unknown; querystring?: unknown; params?: unknown };

/**
 * The error responses of a route, by status: the refusals of its request (URL, body, validation),
 * of its caller (`refusals`, by whom the route is for), the route's own `errors`, with
 * `idempotent` those of the Idempotency-Key, and the service's own (rate limit, failure, database).
 */
export function problemResponses(
  method: Method,
  doc: RequestParts & Pick<RouteDocParts<unknown, unknown, Success>, 'errors'>,
  refusals: { 401: string[]; 403?: string[]; idempotent: boolean },
) {
  // Any method but GET has its body read, whether or not the route takes one, so every such
  // route can refuse a body that is broken, too deep, too large or not JSON.
  const readsBody = method !== 'GET';
  const errors = new Map<ProblemStatus, string[]>();
  const add = (status: ProblemStatus, ...codes: string[]) =>
    errors.set(status, [...new Set([...(errors.get(status) ?? []), ...codes])]);
  if (doc.params) add(400, 'bad_url');
  if (readsBody) add(400, 'invalid_json', 'json_too_deep');
  add(401, ...refusals[401]);
  if (refusals[403]) add(403, ...refusals[403]);
  for (const status of [404, 409, 422] as const) {
    if (doc.errors?.[status]) add(status, ...doc.errors[status]);
  }
  if (refusals.idempotent) add(409, 'idempotency_key_in_use');
  if (readsBody) add(413, 'payload_too_large');
  if (doc.params) add(414, 'path_too_long');
  if (readsBody) add(415, 'unsupported_media_type');
  if (doc.body || doc.querystring || doc.params || readsBody) add(422, 'invalid_input');
  if (refusals.idempotent) add(422, 'idempotency_key_reused');
  // Every request draws on its key's rate limit; code checks have limits of their own too.
  add(429, 'rate_limited');
  add(500, 'internal_error');
  add(503, 'database_unavailable');
  return Object.fromEntries(
    [...errors.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, codes]) => [status, problemResponse(status, codes)]),
  );
}

/** The operation's id, summary and description; its request example is kept for the document. */
export function operationHead(doc: {
  operationId: string;
  summary: string;
  description?: string;
  example: RequestExample;
}) {
  requestExamples.set(doc.operationId, doc.example);
  return {
    operationId: doc.operationId,
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
  };
}

/** Only the parts a route has: Fastify warns about parts given as undefined. */
export function requestParts<B, Q, P>(doc: { body?: B; querystring?: Q; params?: P }) {
  return {
    ...(doc.body ? { body: doc.body } : {}),
    ...(doc.querystring ? { querystring: doc.querystring } : {}),
    ...(doc.params ? { params: doc.params } : {}),
  };
}
