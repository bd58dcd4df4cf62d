// The points liability report (src/app/reports/liability.ts) on a shop of 100,000 members with
// 1,000,000 ledger entries over two years and a code a member every fourth month, on PostgreSQL and
// on the embedded database: the time of the whole report (its three statements) over a few runs.
// The ceiling, measured in the same run on the same database, is a plain read of every row the
// report reads, as often as it reads them: one sum over the shop's ledger entries and two over its
// codes, without the months, the buckets or the grouping. "ratio to ceiling" is the ceiling's
// median time over the report's (1.00: as fast as merely reading the rows).
//   BENCH_MEMBERS (default 100,000), BENCH_ENTRIES (default 1,000,000), BENCH_RUNS (default 5),
//   BENCH_DB (postgres, pglite or both: the default)
// Run: npm run bench:liability
import { sql } from 'kysely';
import type { AppContext } from '../src/app/context.ts';
import { pointsLiability } from '../src/app/reports/liability.ts';
import { type BenchDatabase, benchShop, ceilingRatio, fmt, onEachDatabase, repeatTimed } from './support.ts';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SHOP = 'bench';
const NOW = new Date('2026-12-05T12:00:00Z');
const DAY_MS = 86_400_000;

/** Customers, entries spread evenly over the last 730 days, codes issued on the 1st of each month. */
async function generateShop(ctx: AppContext): Promise<void> {
  await benchShop(ctx, SHOP);
  const at = NOW;
  const start = new Date(NOW.getTime() - 730 * DAY_MS);
  const id = (g: unknown) => sql`'c' || lpad((${g})::text, 7, '0')`;
  await sql`insert into customers (shop_id, id, email, name, language, registered_at, created_at, updated_at)
    select ${SHOP}, ${id(sql`g`)}, 'm' || g || '@example.com', 'Member ' || g, 'fi', ${at}, ${at}, ${at}
    from generate_series(1, ${MEMBERS}::int) g`.execute(ctx.db);
  // Entry g: member g mod MEMBERS, at an even step through the two years, mostly earning, a tenth spending.
  await sql`insert into ledger_entries (shop_id, customer_id, kind, points, ref_type, ref_id, idempotency_key, created_at)
    select ${SHOP}, ${id(sql`(g % ${MEMBERS}) + 1`)}, case when g % 10 = 0 then 'conversion' else 'purchase' end,
      case when g % 10 = 0 then -((g::bigint * 7919) % 400) else (g::bigint * 104729) % 120 end,
      case when g % 10 = 0 then 'month' else 'order' end, 'e' || g, 'bench:' || g,
      ${start}::timestamptz + (g::float8 / ${ENTRIES}) * interval '730 days'
    from generate_series(1, ${ENTRIES}::int) g`.execute(ctx.db);
  // Each month of the two years, a quarter of the members get a code valid three months; most are used.
  await sql`insert into discount_codes (shop_id, code, customer_id, period, value_cents, points, issued_at, expires_at,
      status, used_order_id, used_at)
    select ${SHOP}, 'K' || m || '-' || g, ${id(sql`g`)}, to_char(issued, 'YYYY-MM'), 500 * (1 + g % 3), 100,
      issued, issued + interval '3 months',
      case when g % 5 < 3 and issued + interval '10 days' < ${NOW}::timestamptz then 'used' else 'active' end,
      case when g % 5 < 3 and issued + interval '10 days' < ${NOW}::timestamptz then 'o' || g else null end,
      case when g % 5 < 3 and issued + interval '10 days' < ${NOW}::timestamptz then issued + interval '10 days' else null end
    from generate_series(0, 23) m
    cross join lateral (select date_trunc('month', ${NOW}::timestamptz - (m || ' months')::interval) as issued) i
    cross join generate_series(1, ${MEMBERS}::int) g
    where g % 4 = m % 4`.execute(ctx.db);
  await sql`analyze`.execute(ctx.db);
}

/** The ceiling: each row the report reads, read as often and summed plainly (see the header). */
async function readRowsOnce(ctx: AppContext): Promise<void> {
  await sql`select count(*), sum(points) from ledger_entries where shop_id = ${SHOP}`.execute(ctx.db);
  for (let pass = 0; pass < 2; pass++)
    await sql`select count(*), sum(value_cents) from discount_codes where shop_id = ${SHOP}`.execute(ctx.db);
}

async function measure({ name, ctx }: BenchDatabase): Promise<void> {
  const started = performance.now();
  await generateShop(ctx);
  const counts = await sql<{ entries: number; codes: number }>`select
    (select count(*) from ledger_entries where shop_id = ${SHOP})::int as entries,
    (select count(*) from discount_codes where shop_id = ${SHOP})::int as codes`.execute(ctx.db);
  const c = counts.rows[0]!;
  console.log(
    `${name}: ${fmt(MEMBERS)} members, ${fmt(c.entries)} entries, ${fmt(c.codes)} codes generated in ${fmt(performance.now() - started)} ms`,
  );
  const report = await repeatTimed(RUNS, () => pointsLiability(ctx, SHOP));
  const ceiling = await repeatTimed(RUNS, () => readRowsOnce(ctx));
  const month = report.value.months.at(-1)!;
  console.log(
    `${name}: report ${report.ms.map((t) => fmt(t)).join(', ')} ms (median ${fmt(report.median)} ms); ` +
      `now: ${fmt(month.points.outstanding)} points of ${fmt(month.points.members)} members, ${fmt(month.codes.unusedCount)} unused codes`,
  );
  console.log(
    `${name}: ceiling, a plain sum over the same entries and twice over the codes: median ${fmt(ceiling.median)} ms; ` +
      `ratio to ceiling ${ceilingRatio(report.median, ceiling.median)}`,
  );
}

await onEachDatabase(measure, { now: NOW });
