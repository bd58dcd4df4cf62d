/**
 * When a webhook delivery is tried again, given up, and when its endpoint is disabled: pure
 * rules, the time and the randomness passed in.
 */

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;

/** An event is tried for this long after it happened; the first refusal after that gives it up. */
export const RETRY_PERIOD_MS = 3 * DAY;
/** The first retry's delay; each further one doubles, up to `MAX_RETRY_DELAY_MS`. */
export const FIRST_RETRY_DELAY_MS = 30 * SECOND;
export const MAX_RETRY_DELAY_MS = 8 * HOUR;
/** An endpoint that has failed without a success for this many days is disabled. */
export const DEFAULT_DISABLE_AFTER_DAYS = 3;

/**
 * The delay before the next attempt after `attempts` failed ones (1 or more): exponential, capped,
 * with "full jitter" over its upper half so that many failed deliveries do not retry in step.
 * `random` is in [0, 1).
 */
export function retryDelayMs(attempts: number, random: number): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const ceiling = Math.min(FIRST_RETRY_DELAY_MS * 2 ** exponent, MAX_RETRY_DELAY_MS);
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

export type AttemptVerdict = { outcome: 'retry'; nextAttemptAt: Date } | { outcome: 'give_up' };

/** What follows a failed attempt of an event that happened at `createdAt`. */
export function afterFailure(input: {
  attempts: number;
  createdAt: Date;
  now: Date;
  random: number;
}): AttemptVerdict {
  const next = new Date(input.now.getTime() + retryDelayMs(input.attempts, input.random));
  if (input.now.getTime() - input.createdAt.getTime() >= RETRY_PERIOD_MS) return { outcome: 'give_up' };
  // The last retry is at the end of the period at the latest, never after it.
  const end = input.createdAt.getTime() + RETRY_PERIOD_MS;
  return { outcome: 'retry', nextAttemptAt: next.getTime() > end ? new Date(end) : next };
}

/** Whether an endpoint failing since `failingSince` (null: not failing) is disabled at `now`. */
export function endpointToDisable(
  failingSince: Date | null,
  now: Date,
  days = DEFAULT_DISABLE_AFTER_DAYS,
): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= days * DAY;
}

/** An attempt succeeded when the endpoint answered 2xx; anything else (or no answer) failed. */
export function attemptSucceeded(status: number | null): boolean {
  return status !== null && status >= 200 && status < 300;
}
