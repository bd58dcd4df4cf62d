/**
 * Every rule failure the service can report, as a closed set of stable codes.
 * Adapters map each code to their own shape (HTTP status, CLI line); adding a code
 * here without mapping it fails to compile there.
 */
export const DOMAIN_ERROR_CODES = [
  'invalid_settings',
  'invalid_input',
  'shop_not_found',
  'shop_exists',
  'customer_not_found',
  'member_not_found',
  'not_a_member',
  'already_member',
  'order_not_found',
  'order_exists',
  'order_conflict',
  'order_not_delivered',
  'order_cancelled',
  'return_exceeds_order',
  'review_not_found',
  'store_version_not_found',
  'store_version_requires_login',
  'program_not_found',
  'program_not_publishable',
  'code_not_found',
  'code_refused',
  'reason_required',
  'insufficient_points',
  'run_in_progress',
  'program_not_published',
  'api_key_not_found',
  'admin_user_exists',
  'admin_user_not_found',
  'shop_suspended',
  'operator_key_not_found',
  'storefront_secret_not_found',
  'program_not_visible',
  'segment_not_found',
  'webhook_endpoint_not_found',
  'webhook_delivery_not_found',
  'webhook_url_not_allowed',
  'campaign_not_found',
  'campaign_started',
  'grant_exists',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface FieldError {
  /** Dotted path of the offending field, e.g. `tiers.1.points`. */
  field: string;
  message: string;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
