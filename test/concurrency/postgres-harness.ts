import { type ApiHarness, apiHarness } from '../http/harness.ts';
import { postgresForTests } from '../support/requirements.ts';

/**
 * The API harness on real PostgreSQL, in a schema of its own: row locks and concurrent
 * transactions are what these tests are about, and the embedded database has one connection.
 * The test files skip without a reachable server (`{ skip: (await postgresForTests()).skip }`),
 * except under CI=true, where this fails and says so.
 */
export async function postgresHarness(): Promise<ApiHarness> {
  process.env.TEST_DATABASE_URL = (await postgresForTests()).get();
  return apiHarness();
}

/** Counts of each status among answers. */
export function statusCounts(answers: { status: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
}
