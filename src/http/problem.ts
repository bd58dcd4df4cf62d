import type { FastifyError } from 'fastify';
import { escapeHtml } from '../app/html/escape-html.ts';
import { assertUnreachable, type DomainErrorCode, type FieldError } from '../domain/errors.ts';
import problemCodeGroups from './problem-codes.json' with { type: 'json' };

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
    case 'webhook_url_not_allowed':
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
    case 'segment_not_found':
    case 'webhook_endpoint_not_found':
    case 'webhook_delivery_not_found':
    case 'campaign_not_found':
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
    case 'campaign_started':
    case 'grant_exists':
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
 * `/problems/<code>` (the `type` of each problem) are made from this table. The texts are data,
 * kept in `problem-codes.json` by group (transport, authentication, limits, the service, domain
 * rules); a new code goes into its group there.
 */
export const PROBLEM_CODES: Record<string, { meaning: string; todo: string }> = Object.assign(
  {},
  ...Object.values(problemCodeGroups),
);

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
