/** After this many attempts a message that still cannot be delivered is marked failed. */
export const MAX_ATTEMPTS = 8;

/**
 * How long to wait before the next attempt after `attempts` failed ones: one minute, doubling,
 * at most six hours (1, 2, 4 … 64 minutes: about two hours in all before giving up).
 */
export function retryDelayMs(attempts: number): number {
  const minutes = 2 ** Math.max(0, attempts - 1);
  return Math.min(minutes, 360) * 60_000;
}
