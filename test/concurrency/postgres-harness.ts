import { type ApiHarness, apiHarness, join } from '../http/harness.ts';
import { postgresForTests } from '../support/requirements.ts';
import { prepared } from '../support/suite-fixture.ts';

/**
 * The API harness on real PostgreSQL, in a schema of its own: row locks and concurrent
 * transactions are what these tests are about, and the embedded database has one connection.
 * The test files skip without a reachable server (`{ skip: (await postgresForTests()).skip }`),
 * except under CI=true, where this fails and says so.
 */
export async function postgresHarness(): Promise<ApiHarness> {
  process.env.TEST_DATABASE_URL = (await postgresForTests()).get();
  const h = await apiHarness();
  if (h.database.kind !== 'postgres') {
    await h.close();
    throw new Error(`The harness opened ${h.database.kind}, not PostgreSQL`);
  }
  return h;
}

/** postgresHarness with these customers of shop1 joined as members. */
export async function postgresHarnessWithMembers(customerIds: string[]): Promise<ApiHarness> {
  return prepared(postgresHarness(), async (h) => {
    for (const id of customerIds) await join(h, id);
  });
}

/** Counts of each status among answers. */
export function statusCounts(answers: { status: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
}
