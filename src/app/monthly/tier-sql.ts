import { type RawBuilder, sql } from 'kysely';
import type { RewardTier } from '../../domain/program/settings.ts';

/**
 * `convertBalance` (src/domain/conversion/monthly-conversion.ts) as SQL, for a whole batch of
 * members in one statement: the most expensive tier the balance reaches, ties going to the more
 * valuable one. Tests check the two agree on every balance around every tier.
 */
export function tierChoiceSql(tiers: RewardTier[], balance: RawBuilder<unknown>) {
  if (tiers.length === 0) throw new RangeError('A program has at least one tier');
  const ranked = [...tiers].sort((a, b) => b.points - a.points || b.valueCents - a.valueCents);
  const pick = (value: (tier: RewardTier) => number) =>
    sql<number>`(case ${sql.join(
      ranked.map((tier) => sql`when ${balance} >= ${tier.points}::int8 then ${value(tier)}::int8`),
      sql` `,
    )} end)`;
  return {
    points: pick((tier) => tier.points),
    valueCents: pick((tier) => tier.valueCents),
    /** Below this balance nobody converts. */
    lowestPoints: Math.min(...tiers.map((tier) => tier.points)),
  };
}
