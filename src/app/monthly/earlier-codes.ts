import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

/**
 * Whether a member of the shop may hold a code that can still be spent besides the one this run of
 * `period` gives them: an unexpired code of another month (a used one too: cancelling the order
 * that used it restores it, perhaps while this run goes on), or another month's run still
 * unfinished (which may issue one meanwhile). When neither, the monthly letters list only the
 * codes a batch issues and skip the per-member probe of earlier codes: in a shop's first month that
 * probe is planned on the statistics of an empty table, and with two runners it ranged over every
 * code the other runner had issued (docs/monthly-conversion.md). This month's codes come only from
 * the run itself, one per member, committed with the slice cursor that moves past the member.
 */
export async function mayHoldEarlierCodes(
  db: Db,
  shopId: string,
  period: string,
  now: Date,
): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`
    select exists (
      select 1 from discount_codes
      where shop_id = ${shopId} and period <> ${period} and expires_at > ${now}::timestamptz
    ) or exists (
      select 1 from monthly_runs where shop_id = ${shopId} and period <> ${period} and status <> 'completed'
    ) as found`.execute(db);
  return rows[0]!.found;
}
