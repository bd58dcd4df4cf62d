import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { tierChoiceSql } from '../../src/app/monthly/tier-sql.ts';
import { conversionSteps, convertBalance } from '../../src/domain/conversion/monthly-conversion.ts';
import {
  MAX_BALANCE_POINTS,
  MAX_CODE_VALUE_CENTS,
  MAX_TIER_POINTS,
  MAX_TIERS,
} from '../../src/domain/limits.ts';
import type { RewardTier } from '../../src/domain/program/settings.ts';
import { tierFor, tierTable } from '../../src/domain/simulation/tier-table.ts';
import { type TestDatabase, testDatabase } from '../support/database.ts';

/**
 * One rule, three places: `convertBalance` (the rule), the estimate's tier table and the monthly
 * run's SQL `case` (run on the real database: PGlite, or PostgreSQL with TEST_DATABASE_URL) must
 * choose the same tier, code value and points left for every balance. FC_SEED replays a failure.
 */
const SEED = Number(process.env.FC_SEED ?? 20_261_201);
const RUNS = 200;

/** What a tier choice comes to: the tier (index into the settings' tiers), or null for no code. */
interface Choice {
  index: number;
  points: number;
  valueCents: number;
  rest: number;
}

const tierPoints = fc.oneof(
  fc.integer({ min: 1, max: MAX_TIER_POINTS }),
  fc.integer({ min: 1, max: 2_000 }),
  fc.constantFrom(1, 2, MAX_TIER_POINTS - 1, MAX_TIER_POINTS),
);
const tierValue = fc.oneof(
  fc.integer({ min: 1, max: MAX_CODE_VALUE_CENTS }),
  fc.constantFrom(1, MAX_CODE_VALUE_CENTS),
);

/** Tiers as the settings validation accepts them: dearer tiers cost more and are worth more. */
const validTiers = fc.integer({ min: 1, max: MAX_TIERS }).chain((n) =>
  fc
    .tuple(
      fc.uniqueArray(tierPoints, { minLength: n, maxLength: n }),
      fc.uniqueArray(tierValue, { minLength: n, maxLength: n }),
    )
    .map(([points, values]) => {
      const up = (a: number, b: number) => a - b;
      const sortedValues = [...values].sort(up);
      return [...points].sort(up).map((p, i): RewardTier => ({ points: p, valueCents: sortedValues[i]! }));
    }),
);

/** The same, listed in any order (the schema alone does not sort them). */
const shuffledTiers = validTiers.chain((tiers) =>
  fc.shuffledSubarray(tiers, { minLength: tiers.length, maxLength: tiers.length }),
);

/** Anything the schema lets through: equal prices, equal tiers, a dearer tier worth less. */
const anyTiers = fc.array(
  fc.record({
    points: fc.oneof(fc.integer({ min: 1, max: 30 }), tierPoints),
    valueCents: fc.oneof(fc.integer({ min: 1, max: 5 }), tierValue),
  }),
  { minLength: 1, maxLength: MAX_TIERS },
);

const tierLists = fc.oneof(validTiers, shuffledTiers, anyTiers);

const balances = fc.array(
  fc.oneof(
    fc.integer({ min: -MAX_BALANCE_POINTS, max: MAX_BALANCE_POINTS }),
    fc.integer({ min: -100, max: 3_000 }),
    fc.maxSafeInteger(),
  ),
  { maxLength: 40 },
);

/** Every tier's price and its neighbours, and the bounds, besides the generated balances. */
function balancesFor(tiers: RewardTier[], generated: number[]): number[] {
  const bounds = [
    -MAX_BALANCE_POINTS,
    -1,
    0,
    1,
    MAX_TIER_POINTS,
    MAX_BALANCE_POINTS,
    MAX_BALANCE_POINTS + 1,
    Number.MAX_SAFE_INTEGER,
  ];
  const around = tiers.flatMap((tier) => [tier.points - 1, tier.points, tier.points + 1]);
  return [...new Set([...generated, ...bounds, ...around])];
}

function byRule(balance: number, tiers: RewardTier[]): Choice | null {
  const conversion = convertBalance(balance, tiers);
  if (!conversion) return null;
  return {
    index: tiers.indexOf(conversion.tier),
    points: conversion.pointsCost,
    valueCents: conversion.valueCents,
    rest: conversion.rest,
  };
}

function byEstimate(balance: number, tiers: RewardTier[]): Choice | null {
  const table = tierTable(tiers);
  const index = tierFor(table.order, table.points, balance);
  if (index < 0) return null;
  const tier = tiers[index]!;
  return { index, points: tier.points, valueCents: tier.valueCents, rest: balance - tier.points };
}

async function bySql(database: TestDatabase, tiers: RewardTier[], list: number[]) {
  const tier = tierChoiceSql(tiers, sql`balance`);
  const values = sql.join(list.map((balance, i) => sql`(${i}::int4, ${String(balance)}::int8)`));
  const { rows } = await sql<{
    i: number;
    converts: boolean;
    index: string | null;
    points: string | null;
    value_cents: string | null;
    rest: string | null;
  }>`
    select i, balance >= ${tier.lowestPoints}::int8 as converts,
           ${tier.index}::text as index, ${tier.points}::text as points,
           ${tier.valueCents}::text as value_cents, (balance - ${tier.points})::text as rest
    from (values ${values}) as v(i, balance)
    order by i
  `.execute(database.db);
  return rows.map((row): Choice | null => {
    assert.equal(row.converts, row.points !== null, 'lowestPoints and the case agree on who converts');
    if (row.points === null) return null;
    return {
      index: Number(row.index),
      points: Number(row.points),
      valueCents: Number(row.value_cents),
      rest: Number(row.rest),
    };
  });
}

describe('the tier choice: convertBalance, the estimate and the monthly SQL', () => {
  let database: TestDatabase;
  before(async () => {
    database = await testDatabase();
  });
  after(() => database.close());

  test(`agree on every balance of ${RUNS} random tier lists (seed ${SEED})`, async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(tierLists, balances, async (tiers, generated) => {
        const list = balancesFor(tiers, generated);
        const fromSql = await bySql(database, tiers, list);
        list.forEach((balance, i) => {
          const rule = byRule(balance, tiers);
          const why = `balance ${balance}, tiers ${JSON.stringify(tiers)}`;
          assert.deepEqual(byEstimate(balance, tiers), rule, `estimate: ${why}`);
          assert.deepEqual(fromSql[i], rule, `SQL: ${why}`);
        });
        cases += list.length;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    assert.ok(cases >= RUNS * 8, `${cases} balances compared`);
  });

  test('equal tiers: every copy picks the first one listed', async () => {
    const tiers = [
      { points: 100, valueCents: 500 },
      { points: 100, valueCents: 500 },
      { points: 100, valueCents: 400 },
    ];
    assert.deepEqual(conversionSteps(tiers), [{ from: 100, index: 0, points: 100, valueCents: 500 }]);
    assert.equal(byEstimate(150, tiers)?.index, 0);
    assert.deepEqual(await bySql(database, tiers, [99, 150]), [null, byRule(150, tiers)]);
  });
});
