import { sql } from 'kysely';
import type { AppContext } from './context.ts';

/** `select 1` within `timeoutMs`: false when the database fails or does not answer in time. */
export async function databaseAnswers(ctx: AppContext, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([sql`select 1`.execute(ctx.db).then(() => true), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
