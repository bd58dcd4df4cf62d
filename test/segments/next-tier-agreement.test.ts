import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { nextTierValueSql, pointsToNextTierSql } from '../../src/app/segments/next-tier-sql.ts';
import { nextTier } from '../../src/app/shopper/next-tier.ts';
import { testDatabase } from '../support/database.ts';
import { suiteFixture } from '../support/suite-fixture.ts';

/** Tiers as a program may have them: rising in points and value. */
const tiers = fc
  .uniqueArray(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 6 })
  .map((points) => points.sort((a, b) => a - b).map((p, i) => ({ points: p, valueCents: 100 * (i + 1) })));

describe('the segments’ and the monthly e-mail’s next tier in SQL agrees with My Account’s nextTier', () => {
  const db = suiteFixture(testDatabase);

  test('for random tiers and balances (negative, between, on and past the tiers)', async () => {
    await fc.assert(
      fc.asyncProperty(
        tiers,
        fc.array(fc.integer({ min: -1000, max: 120_000 }), { minLength: 1, maxLength: 20 }),
        async (t, balances) => {
          const withPrices = [...balances, ...t.map((x) => x.points), ...t.map((x) => x.points - 1)];
          const { rows } = await sql<{ b: number; missing: number | null; value: number | null }>`
          select v.b, ${pointsToNextTierSql(t, sql`v.b`)} as missing, ${nextTierValueSql(t, sql`v.b`)} as value
          from unnest(${withPrices}::int8[]) as v(b)`.execute(db.db);
          for (const row of rows) {
            const expected = nextTier(Number(row.b), t);
            assert.deepEqual(
              [
                row.missing === null ? null : Number(row.missing),
                row.value === null ? null : Number(row.value),
              ],
              [expected?.pointsMissing ?? null, expected?.tier.valueCents ?? null],
              `balance ${row.b}, tiers ${JSON.stringify(t)}`,
            );
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
