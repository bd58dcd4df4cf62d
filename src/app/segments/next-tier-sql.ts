import { type RawBuilder, sql } from 'kysely';
import type { RewardTier } from '../../domain/program/settings.ts';

/** The tiers' prices, cheapest first, each with the best value at that price (as `nextTier` chooses). */
function pricesOf(tiers: RewardTier[]): { points: number; valueCents: number }[] {
  const best = new Map<number, number>();
  for (const t of tiers) best.set(t.points, Math.max(best.get(t.points) ?? 0, t.valueCents));
  return [...best].sort((a, b) => a[0] - b[0]).map(([points, valueCents]) => ({ points, valueCents }));
}

function caseOf(
  tiers: RewardTier[],
  balance: RawBuilder<unknown>,
  then: (t: { points: number; valueCents: number }) => RawBuilder<unknown>,
) {
  const prices = pricesOf(tiers);
  if (prices.length === 0) return sql<number | null>`null::int8`;
  return sql<number | null>`(case ${sql.join(
    prices.map((p) => sql`when ${balance} < ${p.points}::int8 then ${then(p)}`),
    sql` `,
  )} end)`;
}

/**
 * The points still missing to the next reward tier, as SQL over a balance: `nextTier`
 * (src/app/shopper/next-tier.ts, what My Account shows) as a `case` over the tiers, cheapest
 * first — `when balance < tier's points then tier's points − balance` — and null past every
 * tier. test/segments/next-tier-agreement.test.ts runs it on the database against `nextTier`.
 */
export function pointsToNextTierSql(
  tiers: RewardTier[],
  balance: RawBuilder<unknown>,
): RawBuilder<number | null> {
  return caseOf(tiers, balance, (p) => sql`${p.points}::int8 - ${balance}`);
}

/** The value in cents of that next tier's code, by the same `case`; null past every tier. */
export function nextTierValueSql(
  tiers: RewardTier[],
  balance: RawBuilder<unknown>,
): RawBuilder<number | null> {
  return caseOf(tiers, balance, (p) => sql`${p.valueCents}::int8`);
}
