/**
 * The `RateLimit-Policy` and `RateLimit` response fields of draft-ietf-httpapi-ratelimit-headers
 * (the structured-field syntax of drafts 08 to 11): a List of Items whose value is a policy name
 * (a String) with Integer parameters.
 *
 *     RateLimit-Policy: "per-key";q=200;w=2     quota q per window of w seconds
 *     RateLimit: "per-key";r=57;t=2             r left now; t seconds: see `serviceLimit`
 *
 * Pure functions: no clock, no I/O; the numbers come from the token bucket.
 */

/** A per-key budget as configured: a steady rate and the most requests at once. */
export interface RateRule {
  /** Requests per second the budget refills with (a whole number, at least 1). */
  perSecond: number;
  /** Requests the full budget holds: the most that can be sent at once (at least 1). */
  burst: number;
}

/** The name of the one policy this service advertises. */
export const POLICY_NAME = 'per-key';

/** An sf-string: printable ASCII, with `"` and `\` escaped (RFC 9651, section 3.3.3). */
export function sfString(value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value))
    throw new RangeError('A structured-field string must be printable ASCII');
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** An sf-integer: at most 15 digits (RFC 9651, section 3.3.1). */
function sfInteger(value: number): string {
  if (!Number.isSafeInteger(value) || Math.abs(value) > 999_999_999_999_999) {
    throw new RangeError(`Not a structured-field integer: ${value}`);
  }
  return String(value);
}

/**
 * `RateLimit-Policy` of a token bucket: the quota is the burst and the window the whole seconds
 * an empty bucket takes to fill up again, rounded up. A client pacing itself to q per w never
 * goes faster than the refill rate (when burst / rate is not whole, slightly slower).
 */
export function policyField(rule: RateRule, name = POLICY_NAME): string {
  return `${sfString(name)};q=${sfInteger(rule.burst)};w=${sfInteger(policyWindowSeconds(rule))}`;
}

export function policyWindowSeconds(rule: RateRule): number {
  return Math.max(1, Math.ceil(rule.burst / rule.perSecond));
}

export interface ServiceLimit {
  /** Whole requests left now (`r`). */
  remaining: number;
  /**
   * `t`, in whole seconds rounded up: while requests are left, until the whole quota is back
   * (0 when it is); when none is left, until the next one is allowed, the same number as
   * Retry-After, so that Retry-After never names a moment before the end of the effective
   * window (the draft's section 6).
   */
  resetSeconds: number;
}

/** The service limit of a bucket holding `tokens` (a fraction while it refills). */
export function serviceLimit(rule: RateRule, tokens: number): ServiceLimit {
  const remaining = Math.max(0, Math.floor(tokens));
  const missing = remaining >= 1 ? rule.burst - tokens : 1 - tokens;
  return { remaining, resetSeconds: missing > 0 ? Math.ceil(missing / rule.perSecond) : 0 };
}

/** Seconds until one more request is allowed (Retry-After on a 429): at least 1. */
export function retryAfterSeconds(rule: RateRule, tokens: number): number {
  return Math.max(1, Math.ceil((1 - tokens) / rule.perSecond));
}

/** `RateLimit` of a bucket holding `tokens`. */
export function rateLimitField(rule: RateRule, tokens: number, name = POLICY_NAME): string {
  const { remaining, resetSeconds } = serviceLimit(rule, tokens);
  const item = name === POLICY_NAME ? POLICY_ITEM : sfString(name);
  return `${item};r=${sfInteger(remaining)};t=${sfInteger(resetSeconds)}`;
}

const POLICY_ITEM = sfString(POLICY_NAME);
