import { databaseTrouble } from '../app/database-trouble.ts';

/** Seconds a client is asked to wait when the database cannot be reached. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

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
