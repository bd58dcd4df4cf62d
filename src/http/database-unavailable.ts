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
// PostgreSQL: deadlock_detected, serialization_failure. The transaction was rolled back whole, after
// the use case's own retries where it has them, so the same request sent again can succeed.
const CONFLICT_SQLSTATES = new Set(['40P01', '40001']);
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
 * timed out, the embedded database closed) or rolled the request's transaction back in a lock
 * conflict (a deadlock's victim), rather than that a statement failed: such a request is answered
 * 503 `database_unavailable` with Retry-After, not 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseTrouble(error) !== null;
}

/** What a 503 `database_unavailable` tells the client, by what went wrong. */
export function databaseUnavailableDetail(error: unknown): string {
  return databaseTrouble(error) === 'conflict'
    ? 'This request collided with another one changing the same records and was rolled back; send it again after the seconds given in Retry-After'
    : 'The service cannot reach its database; retry after the seconds given in Retry-After';
}

function databaseTrouble(error: unknown): 'unreachable' | 'conflict' | null {
  const seen = new Set<unknown>();
  const pending = [error];
  while (pending.length) {
    const current = pending.pop();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string') {
      if (SOCKET_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return 'unreachable';
      if (CONFLICT_SQLSTATES.has(code)) return 'conflict';
    }
    if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return 'unreachable';
    pending.push(cause);
    if (current instanceof AggregateError) pending.push(...current.errors);
  }
  return null;
}
