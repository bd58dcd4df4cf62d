import type { FastifyError } from 'fastify';
import { escapeHtml } from '../app/html/escape-html.ts';
import { assertUnreachable, type DomainErrorCode, type FieldError } from '../domain/errors.ts';

/** An RFC 9457 problem document, with a stable machine code and the request id for support. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
  requestId: string;
}

/** Every domain error has exactly one status; a new code fails to compile here until it is mapped. */
export function statusOf(code: DomainErrorCode): number {
  switch (code) {
    case 'invalid_settings':
    case 'invalid_input':
    case 'store_version_requires_login':
    case 'reason_required':
    case 'return_exceeds_order':
      return 422;
    case 'shop_not_found':
    case 'customer_not_found':
    case 'member_not_found':
    case 'order_not_found':
    case 'review_not_found':
    case 'store_version_not_found':
    case 'program_not_found':
    case 'code_not_found':
    case 'api_key_not_found':
    case 'admin_user_not_found':
    case 'operator_key_not_found':
    case 'storefront_secret_not_found':
      return 404;
    case 'shop_suspended':
      return 403;
    case 'shop_exists':
    case 'already_member':
    case 'not_a_member':
    case 'order_exists':
    case 'order_conflict':
    case 'order_not_delivered':
    case 'order_cancelled':
    case 'program_not_publishable':
    case 'code_refused':
    case 'insufficient_points':
    case 'run_in_progress':
    case 'program_not_published':
    case 'admin_user_exists':
    case 'program_not_visible':
      return 409;
    default:
      return assertUnreachable(code);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  408: 'Request timeout',
  409: 'Conflict',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/**
 * Every code a problem document can carry, with what it means and what to do: the pages at
 * `/problems/<code>` (the `type` of each problem) are made from this table.
 */
export const PROBLEM_CODES: Record<string, { meaning: string; todo: string }> = {
  // Transport and request shape
  invalid_json: {
    meaning: 'The body is not valid JSON (or holds a `__proto__` or `constructor.prototype` key).',
    todo: 'Send a well-formed JSON object with Content-Type: application/json.',
  },
  json_too_deep: {
    meaning: 'The JSON body nests objects and arrays more than 64 levels deep.',
    todo: 'Send the documented shape; no request of the API needs more than a few levels.',
  },
  payload_too_large: { meaning: 'The body is larger than 1 MB.', todo: 'Send smaller requests.' },
  unsupported_media_type: {
    meaning: 'The body is not sent as application/json.',
    todo: 'Send JSON with Content-Type: application/json.',
  },
  bad_url: {
    meaning: 'The path holds a percent-encoding that is not valid UTF-8 (such as %E0%A4%A or %ED%A0%80).',
    todo: 'Percent-encode ids as UTF-8 (encodeURIComponent).',
  },
  path_too_long: {
    meaning: 'An id in the path is longer than 100 characters.',
    todo: 'Ids are 1–100 characters; check the id sent.',
  },
  bad_request: { meaning: 'The request is malformed.', todo: 'Check the detail; fix the request.' },
  request_timeout: {
    meaning: 'The request (its headers or its body) was not received in time.',
    todo: 'Send the whole request at once; retry.',
  },
  route_not_found: {
    meaning: 'No route answers this method and path.',
    todo: 'Check the path against /docs.',
  },
  // Authentication
  api_key_missing: { meaning: 'No API key was sent.', todo: 'Send Authorization: Bearer <your key>.' },
  api_key_invalid: { meaning: 'The API key is not known.', todo: 'Check that the key was copied whole.' },
  api_key_revoked: { meaning: 'The API key has been revoked.', todo: 'Create a new key.' },
  api_key_read_only: {
    meaning: 'A read-only key tried to change data.',
    todo: 'Use a full-access key (lk_live_…).',
  },
  not_an_api_key: {
    meaning: 'An operator key (op_…) was sent to the store API, which takes a shop’s API key.',
    todo: 'Send the shop’s API key (lk_live_… or lk_read_…); operator keys are for /v1/operator/ only.',
  },
  operator_key_missing: {
    meaning: 'No operator key was sent to the operator API.',
    todo: 'Send Authorization: Bearer <operator key> (create one with loyalty operator-key create).',
  },
  operator_key_invalid: {
    meaning: 'The operator key is not known.',
    todo: 'Check that the key was copied whole.',
  },
  operator_key_revoked: { meaning: 'The operator key has been revoked.', todo: 'Create a new operator key.' },
  not_an_operator_key: {
    meaning: 'A shop’s API key (lk_…) was sent to the operator API, which takes an operator key.',
    todo: 'Send an operator key (op_…), created with loyalty operator-key create.',
  },
  shopper_token_missing: {
    meaning: 'A shopper route was called without a shopper token.',
    todo: 'Send the token your store signed for its logged-in customer: Authorization: Bearer <token>.',
  },
  shopper_token_invalid: {
    meaning:
      'The shopper token is not a valid HS256 JWT of this service: a bad signature, a changed claim, a missing claim, an `iat` in the future, or an unknown or revoked storefront secret (`kid`).',
    todo: 'Sign the token again with an active storefront secret and its id as `kid` (docs/storefront-integration.md).',
  },
  shopper_token_expired: {
    meaning: 'The shopper token has expired (`exp` is past).',
    todo: 'Sign a new token; tokens live at most 15 minutes.',
  },
  shopper_token_too_long_lived: {
    meaning: 'The shopper token is valid for more than 15 minutes (`exp` too far after `iat` or now).',
    todo: 'Sign tokens that expire within 15 minutes.',
  },
  shop_mismatch: {
    meaning: 'The shopper token was signed for another shop than the one in the path.',
    todo: 'Call the routes of the shop the token names.',
  },
  shop_suspended: {
    meaning:
      'The operator has suspended this shop: its API keys are refused until it is resumed. Nothing was deleted.',
    todo: 'Contact the operator of the service.',
  },
  not_signed_in: { meaning: 'The admin session is missing or expired.', todo: 'Sign in again.' },
  csrf_failed: {
    meaning: 'The form was stale or not sent from the admin.',
    todo: 'Reload the page and retry.',
  },
  role_forbidden: {
    meaning:
      'The signed-in admin user’s role does not allow this page: a cashier sees only the point-of-sale screen.',
    todo: 'Sign in as an owner of the shop.',
  },
  // Idempotency and limits
  idempotency_key_in_use: {
    meaning:
      'A request with this Idempotency-Key is still running (or its process stopped less than a minute ago).',
    todo: 'Retry the same request after Retry-After seconds; it gets the first response, or runs again after a minute.',
  },
  idempotency_key_reused: {
    meaning: 'The Idempotency-Key was already used for a different request.',
    todo: 'Use a new key for each new request.',
  },
  rate_limited: {
    meaning:
      'Too many requests: this API key used up its budget of requests per second, or too many code checks were made for one customer or client address.',
    todo: 'Wait the seconds given in Retry-After; the RateLimit and RateLimit-Policy headers tell how fast you may send.',
  },
  // Ours
  internal_error: {
    meaning: 'Something went wrong on the service’s side.',
    todo: 'Retry later; quote the requestId when you contact support.',
  },
  database_unavailable: {
    meaning: 'The service cannot reach its database for now.',
    todo: 'Retry after the seconds given in Retry-After; the request had no effect, or retry it with the same Idempotency-Key.',
  },
  // Domain rules
  invalid_input: {
    meaning: 'A field is missing or invalid (also text holding NUL or a lone UTF-16 surrogate).',
    todo: 'See errors for each field.',
  },
  invalid_settings: { meaning: 'The program settings are not valid.', todo: 'See errors for each field.' },
  reason_required: { meaning: 'An adjustment needs a reason.', todo: 'Give a reason.' },
  return_exceeds_order: {
    meaning: 'More units returned than the order holds.',
    todo: 'Check the quantities already returned.',
  },
  store_version_requires_login: {
    meaning: 'A store version that requires login cannot show the program.',
    todo: 'Choose another store version.',
  },
  shop_not_found: { meaning: 'No such shop.', todo: 'Check the shop id.' },
  customer_not_found: {
    meaning: 'No such customer in this shop.',
    todo: 'Create it with PUT /v1/customers/{id}.',
  },
  member_not_found: { meaning: 'The customer is not a member.', todo: 'Join them with POST /v1/members.' },
  order_not_found: { meaning: 'No such order in this shop.', todo: 'Report it with POST /v1/orders first.' },
  review_not_found: {
    meaning: 'No such review in this shop.',
    todo: 'Report it with POST /v1/reviews first.',
  },
  store_version_not_found: {
    meaning: 'No such store version.',
    todo: 'Create it with PUT /v1/store-versions/{id}.',
  },
  program_not_found: { meaning: 'The shop has no program yet.', todo: 'Create it with POST /v1/program.' },
  code_not_found: { meaning: 'No such discount code.', todo: 'Check the code.' },
  api_key_not_found: { meaning: 'No such API key.', todo: 'List the keys with loyalty api-key list.' },
  admin_user_not_found: { meaning: 'No such admin user.', todo: 'Check the e-mail address.' },
  storefront_secret_not_found: {
    meaning: 'No such storefront secret in this shop.',
    todo: 'List the secrets with loyalty storefront-secret list.',
  },
  program_not_visible: {
    meaning:
      'The program is not shown in this store version (not published, hidden there, or the version requires login), so a shopper cannot join here.',
    todo: 'Show no join choice in this store version; GET the program first.',
  },
  operator_key_not_found: {
    meaning: 'No such operator key.',
    todo: 'List the keys with loyalty operator-key list.',
  },
  shop_exists: { meaning: 'A shop with this id exists.', todo: 'Choose another id.' },
  already_member: { meaning: 'The customer is already a member.', todo: 'Nothing to do.' },
  not_a_member: { meaning: 'The customer is not a member.', todo: 'Join them first.' },
  order_exists: {
    meaning: 'An order with this id was reported with other contents.',
    todo: 'Use a new order id, or send the same contents.',
  },
  order_conflict: { meaning: 'The order’s state does not allow this.', todo: 'See the detail.' },
  order_not_delivered: { meaning: 'The order has not been delivered.', todo: 'Report the delivery first.' },
  order_cancelled: { meaning: 'The order was cancelled.', todo: 'Nothing more can happen to it.' },
  program_not_publishable: {
    meaning: 'The program cannot start yet.',
    todo: 'Select a store version (PUT /v1/program/store-versions/{id}).',
  },
  program_not_published: { meaning: 'The program has not started.', todo: 'Publish it first.' },
  code_refused: { meaning: 'The code cannot be used here.', todo: 'See reason (as in a code check).' },
  insufficient_points: { meaning: 'The member has too few points.', todo: 'Remove fewer points.' },
  run_in_progress: { meaning: 'A monthly run is in progress.', todo: 'Wait for it to end.' },
  admin_user_exists: { meaning: 'An admin user with this e-mail exists.', todo: 'Choose another e-mail.' },
};

/** The problem type of a code: a relative URI reference, resolved against the service's own address. */
export function problemType(code: string): string {
  return `/problems/${code}`;
}

export function problem(
  status: number,
  code: string,
  detail: string,
  requestId: string,
  errors?: FieldError[],
): Problem {
  return {
    type: problemType(code),
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...(errors?.length ? { errors } : {}),
    requestId,
  };
}

/** A problem's text as HTML, its `backticked` parts as code. */
const textWithCode = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

/** The page of one problem code, or undefined for an unknown code. */
export function problemPage(code: string): string | undefined {
  const entry = Object.hasOwn(PROBLEM_CODES, code) ? PROBLEM_CODES[code] : undefined;
  if (!entry) return undefined;
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>${code} · Loyalty API problem</title></head><body>`,
    `<h1><code>${code}</code></h1>`,
    `<p>${textWithCode(entry.meaning)}</p>`,
    `<p><strong>What to do:</strong> ${textWithCode(entry.todo)}</p>`,
    '<p>Every error of the API is an RFC 9457 problem document; see <a href="/docs">the API reference</a>.</p>',
    '</body></html>',
  ].join('\n');
}

/** The lower-case code of a transport error Fastify raises, as documented in docs/api.md. */
const FASTIFY_CODES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json', ''],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json', 'The body is empty'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'The body is larger than 1 MB'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Send the body as application/json'],
  FST_ERR_BAD_URL: [400, 'bad_url', 'The path is not valid percent-encoded UTF-8'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'path_too_long', 'An id in the path is longer than 100 characters'],
};

/** Status, code and detail of an error that is not the service's own. */
export function transportProblem(error: FastifyError): [number, string, string] | undefined {
  const known = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (known) return [known[0], known[1], known[2] || error.message];
  if (error.code === 'json_too_deep') return [400, 'json_too_deep', error.message];
  if (error instanceof SyntaxError)
    return [400, 'invalid_json', `The body is not valid JSON: ${error.message}`];
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
    return [error.statusCode, 'bad_request', error.message];
  return undefined;
}
