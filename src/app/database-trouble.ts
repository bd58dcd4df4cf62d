/**
 * What a database error says about the database: `unreachable` (refused, reset, shut down, a pool
 * that timed out, the embedded database closed) or `conflict` (the transaction was rolled back whole
 * as a deadlock's victim or a serialization failure, after the use case's own retries where it has
 * them, so the same request sent again can succeed).
 */
export type DatabaseTrouble = 'unreachable' | 'conflict';

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
// PostgreSQL: deadlock_detected, serialization_failure.
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

/** The trouble `error` (or an error it wraps) reports, for the adapters that answer it; null when a statement failed for a reason of its own. */
export function databaseTrouble(error: unknown): DatabaseTrouble | null {
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
