import { type RawBuilder, sql } from 'kysely';
import { conversionSteps } from '../../domain/conversion/monthly-conversion.ts';
import type { RewardTier } from '../../domain/program/settings.ts';

/**
 * `convertBalance` (src/domain/conversion/monthly-conversion.ts) as SQL, for a whole batch of
 * members in one statement. Generated from `conversionSteps` (which asks `convertBalance` at every
 * tier price), so it holds no rule of its own: a `case` over the steps, dearest first, each
 * `when <balance> >= <step's price> then <what convertBalance chose there>`. Below the cheapest
 * tier every `case` is null; the statement leaves those members out with `lowestPoints`.
 *
 * Plain SQL with bound int8 parameters, evaluated per row with no lookup: for the preset tiers
 * `(case when balance >= $1::int8 then $2::int8 when balance >= $3::int8 then $4::int8 … end)`.
 * test/app/tier-choice-agreement.test.ts runs it on the database against `convertBalance` and the
 * estimate's tier table.
 */
export function tierChoiceSql(tiers: RewardTier[], balance: RawBuilder<unknown>) {
  if (tiers.length === 0) throw new RangeError('A program has at least one tier');
  const steps = conversionSteps(tiers);
  const dearestFirst = [...steps].reverse();
  const pick = (value: (step: (typeof steps)[number]) => number) =>
    sql<number>`(case ${sql.join(
      dearestFirst.map((step) => sql`when ${balance} >= ${step.from}::int8 then ${value(step)}::int8`),
      sql` `,
    )} end)`;
  return {
    points: pick((step) => step.points),
    valueCents: pick((step) => step.valueCents),
    /** Index into `tiers` of the tier chosen (for checks; the monthly run needs only points and value). */
    index: pick((step) => step.index),
    /** Below this balance nobody converts. */
    lowestPoints: steps[0]!.from,
  };
}
