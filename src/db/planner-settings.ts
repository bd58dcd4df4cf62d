import { sql } from 'kysely';
import type { Executor } from './connect.ts';

/**
 * Turns PostgreSQL's JIT compilation off for the rest of the transaction. A monthly batch is one
 * statement over 10,000 members whose planner cost (about 300,000–450,000, from the row counts it
 * guesses for its common-table expressions) is above `jit_above_cost`, so the server spent 60–100 ms
 * of each ~650 ms batch compiling expressions it then ran for a few thousand rows, and past
 * `jit_optimize_above_cost` (500,000) it would spend far more (bench:monthly, auto_explain). The
 * embedded database has no JIT; the setting is accepted there and changes nothing.
 */
export async function withoutJit(db: Executor): Promise<void> {
  // set_config(…, true) is SET LOCAL as a query: the embedded driver takes a SET statement for a
  // change that may touch any table and would drop the admin's cached rows.
  await sql`select set_config('jit', 'off', true)`.execute(db);
}
