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
      return 404;
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
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function problem(
  status: number,
  code: string,
  detail: string,
  requestId: string,
  errors?: FieldError[],
): Problem {
  return {
    type: `https://loyalty.example/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...(errors?.length ? { errors } : {}),
    requestId,
  };
}
