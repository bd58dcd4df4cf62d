import pg from 'pg';
import { redactUrl } from '../../src/db/connect.ts';
import { type ApiHarness, apiHarness } from '../http/harness.ts';

/** Where the concurrency tests find PostgreSQL when TEST_DATABASE_URL is not set. */
export const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The API harness on real PostgreSQL, in a schema of its own: row locks and concurrent
 * transactions are what these tests are about, and the embedded database has one connection.
 * Without a reachable server they fail and say so; they never pass by skipping.
 */
export async function postgresHarness(): Promise<ApiHarness> {
  const url = process.env.TEST_DATABASE_URL || DEFAULT_POSTGRES;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `The concurrency tests need PostgreSQL and none answers at ${redactUrl(url)} (${error instanceof Error ? error.message : error}). Start PostgreSQL 15+ there, or set TEST_DATABASE_URL to one.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
  process.env.TEST_DATABASE_URL = url;
  return apiHarness();
}

/** Counts of each status among answers. */
export function statusCounts(answers: { status: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
}
