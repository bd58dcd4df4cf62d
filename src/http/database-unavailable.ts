/** Seconds a client is asked to wait when the database cannot be reached. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// Socket errors of the driver reaching PostgreSQL.
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, database_dropped; too_many_connections.
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '57P04', '53300']);
// What pg, its pool, Kysely and PGlite say when there is no connection to be had.
const MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end/i,
  /driver has already been destroyed/i,
  /PGlite is closed/i,
];

/**
 * True when `error` says the database cannot be reached (refused, reset, shut down, a pool that
 * timed out, the embedded database closed) rather than that a statement failed: such a request
 * is answered 503 `database_unavailable` with Retry-After, not 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending = [error];
  while (pending.length) {
    const current = pending.pop();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string') {
      if (SOCKET_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    }
    if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
    pending.push(cause);
    if (current instanceof AggregateError) pending.push(...current.errors);
  }
  return false;
}
