import type { z } from 'zod';
import { type RequestExample, requestExamples } from '../api/route-spec.ts';
import { type ProblemStatus, problemResponse, shopParams } from '../api/schemas.ts';
import { versionParams } from './shopper-schemas.ts';

export const SHOPPER_TAG = 'Shopper';

type Method = 'GET' | 'POST';
type Success = Partial<Record<200, z.ZodType>>;
/** `token`: the store's signed shopper token; `public`: any visitor, no credentials. */
type Access = 'token' | 'public';

/**
 * What the path of a shopper route names, by its access: a token route's the shop
 * (`/shops/:shopId/me…`, the customer is the token's), a public route's also the store version.
 */
const pathOf = {
  token: { params: shopParams, example: { shopId: 'outdoor-store' } },
  public: { params: versionParams, example: { shopId: 'outdoor-store', storeVersionId: 'fi' } },
} as const;

export interface ShopperRouteDoc<A extends Access, B, Q, R extends Success> {
  operationId: string;
  summary: string;
  description?: string;
  access: A;
  body?: B;
  querystring?: Q;
  responses: R;
  errors?: Partial<Record<403 | 404 | 409 | 422, string[]>>;
  /** The request's body and query, if any; its path's example comes with its access. */
  example?: Omit<RequestExample, 'params'>;
}

/**
 * The schema and config of one shopper route (`/v1/shopper/...`), with the refusals every such
 * route can give: the shopper token's on the token routes, the shop's and store version's
 * existence, validation and the per-shopper or per-address budget. Shopper routes take no API key
 * and no Idempotency-Key: joining twice is refused as `already_member`, leaving twice as
 * `not_a_member`.
 */
export function shopperRouteSpec<A extends Access, B = undefined, Q = undefined, R extends Success = Success>(
  method: Method,
  doc: ShopperRouteDoc<A, B, Q, R>,
) {
  const path = pathOf[doc.access];
  const readsBody = method !== 'GET';
  const errors = new Map<ProblemStatus, string[]>();
  const add = (status: ProblemStatus, ...codes: string[]) =>
    errors.set(status, [...new Set([...(errors.get(status) ?? []), ...codes])]);
  add(400, 'bad_url');
  if (readsBody) add(400, 'invalid_json', 'json_too_deep');
  if (doc.access === 'token') {
    add(
      401,
      'shopper_token_missing',
      'shopper_token_invalid',
      'shopper_token_expired',
      'shopper_token_too_long_lived',
    );
    add(403, 'shop_mismatch');
  }
  add(403, 'shop_suspended');
  // A token names a shop its secret belongs to, so only the public routes can name an unknown one.
  if (doc.access === 'public') add(404, 'shop_not_found');
  add(404, 'store_version_not_found');
  for (const status of [403, 404, 409, 422] as const) {
    if (doc.errors?.[status]) add(status, ...doc.errors[status]);
  }
  if (readsBody) add(413, 'payload_too_large');
  add(414, 'path_too_long');
  if (readsBody) add(415, 'unsupported_media_type');
  // A token route's path is checked against the token first (403 `shop_mismatch`): only what it
  // reads besides the path can be invalid.
  if (doc.body || doc.querystring || readsBody || doc.access === 'public') add(422, 'invalid_input');
  add(429, 'rate_limited');
  add(500, 'internal_error');
  add(503, 'database_unavailable');
  requestExamples.set(doc.operationId, { ...doc.example, params: path.example });
  const problems = Object.fromEntries(
    [...errors.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, codes]) => [status, problemResponse(status, codes)]),
  );
  const schema = {
    operationId: doc.operationId,
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    tags: [SHOPPER_TAG],
    security: doc.access === 'token' ? [{ shopperToken: [] }] : [],
    ...(doc.body ? { body: doc.body } : {}),
    ...(doc.querystring ? { querystring: doc.querystring } : {}),
    params: path.params,
    response: { ...doc.responses, ...problems } as R,
  };
  return {
    schema: schema as typeof schema & { body: B; querystring: Q; params: (typeof pathOf)[A]['params'] },
    config: { shopper: doc.access },
  };
}
