// Member segments (src/app/segments/) on a shop of 100,000 members with 300,000 orders, a code each
// and consent for half of them: the live count of several filter sets and a full export, each one
// statement (the export a statement per 1,000 members), on PostgreSQL and on the embedded database.
// Two ceilings, measured in the same run on the same database: for the counts, a plain count of the
// shop's members (the rows every count starts from, through their index); for the export, the same
// number of members read plainly with their customer rows (name, e-mail) in keyset pages of 1,000,
// without the filters or the balance. "ratio to ceiling" is the ceiling's median time over the
// measured one (1.00: as fast as the plain read).
//   BENCH_MEMBERS (default 100,000), BENCH_RUNS (default 5), BENCH_DB (postgres, pglite or both)
// Run: npm run bench:segments
import { sql } from 'kysely';
import type { AppContext } from '../src/app/context.ts';
import { countSegment, type SegmentFilters, segmentMemberBatches } from '../src/app/segments/segments.ts';
import {
  type BenchDatabase,
  benchShop,
  ceilingRatio,
  fmt,
  onEachDatabase,
  repeatTimed,
  WEB_STORE,
} from './support.ts';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SHOP = 'bench';
const NOW = new Date('2026-12-05T12:00:00Z');

const FILTER_SETS: [string, SegmentFilters][] = [
  ['every member', {}],
  ['balance 100–300', { balanceMin: 100, balanceMax: 300 }],
  ['≤ 20 points to the next tier, consented', { pointsToNextTierMax: 20, marketingConsent: true }],
  ['a code expiring within 7 days', { codesExpiringWithinDays: 7 }],
  ['joined within 30 days', { joinedWithinDays: 30 }],
  ['ordered within 30 days', { lastOrderWithinDays: 30 }],
  ['spent 100–500 €', { spendMinCents: 10_000, spendMaxCents: 50_000 }],
  ['ordered in the B2B site', { storeVersionId: 'b2b' }],
  [
    'every filter',
    {
      balanceMin: 0,
      pointsToNextTierMax: 200,
      codesExpiringWithinDays: 60,
      joinedWithinDays: 700,
      lastOrderWithinDays: 365,
      spendMinCents: 1000,
      storeVersionId: 'web',
      marketingConsent: true,
    },
  ],
];

async function generateShop(ctx: AppContext): Promise<void> {
  await benchShop(ctx, SHOP, {
    storeVersions: [WEB_STORE, { id: 'b2b', name: 'B2B', requiresLogin: false }],
  });
  const at = NOW;
  const id = (g: unknown) => sql`'c' || lpad((${g})::text, 7, '0')`;
  await sql`insert into customers (shop_id, id, email, name, language, registered_at, created_at, updated_at)
    select ${SHOP}, ${id(sql`g`)}, 'm' || g || '@example.com', 'Member ' || g, 'fi', ${at}, ${at}, ${at}
    from generate_series(1, ${MEMBERS}::int) g`.execute(ctx.db);
  await sql`insert into members (shop_id, customer_id, join_source, joined_at, left_at)
    select ${SHOP}, ${id(sql`g`)}, 'registration', ${at}::timestamptz - (g % 730) * interval '1 day',
      case when g % 50 = 0 then ${at}::timestamptz else null end
    from generate_series(1, ${MEMBERS}::int) g`.execute(ctx.db);
  await sql`insert into member_balances (shop_id, customer_id, balance, updated_at)
    select ${SHOP}, ${id(sql`g`)}, (g::bigint * 7919) % 700 - 50, ${at} from generate_series(1, ${MEMBERS}::int) g`.execute(
    ctx.db,
  );
  await sql`insert into marketing_consents (shop_id, customer_id, granted, source, changed_at)
    select ${SHOP}, ${id(sql`g`)}, g % 4 <> 0, 'api', ${at} from generate_series(1, ${MEMBERS}::int) g where g % 2 = 0`.execute(
    ctx.db,
  );
  await sql`insert into orders (shop_id, id, customer_id, store_version_id, channel, logged_in, status, earns,
      product_cents, eligible_cents, kept_eligible_cents, placed_at, created_at)
    select ${SHOP}, 'o' || g, ${id(sql`(g % ${MEMBERS}) + 1`)}, case when g % 10 = 0 then 'b2b' else 'web' end, 'web', true,
      case when g % 20 = 0 then 'cancelled' else 'delivered' end, true,
      (g::bigint * 104729) % 20000, (g::bigint * 104729) % 20000, (g::bigint * 104729) % 20000,
      ${at}::timestamptz - (g % 700) * interval '1 day', ${at}
    from generate_series(1, ${3 * MEMBERS}::int) g`.execute(ctx.db);
  await sql`insert into discount_codes (shop_id, code, customer_id, period, value_cents, points, issued_at, expires_at, status)
    select ${SHOP}, 'K' || g, ${id(sql`g`)}, 'B-' || g, 500, 100, ${at}::timestamptz - interval '60 days',
      ${at}::timestamptz + (g % 90) * interval '1 day', case when g % 3 = 0 then 'used' else 'active' end
    from generate_series(1, ${MEMBERS}::int) g`.execute(ctx.db);
  await sql`analyze`.execute(ctx.db);
}

/** The export's ceiling: `rows` members with their customer rows, read plainly by key, 1,000 a statement. */
async function readMembersPlainly(ctx: AppContext, rows: number): Promise<number> {
  let read = 0;
  let after = 0;
  while (read < rows) {
    const page = await sql<{ member_number: string }>`select m.member_number, m.customer_id, c.name, c.email
      from members m join customers c on c.shop_id = m.shop_id and c.id = m.customer_id
      where m.shop_id = ${SHOP} and m.member_number > ${after}::int8
      order by m.member_number limit ${Math.min(1000, rows - read)}`.execute(ctx.db);
    if (page.rows.length === 0) break;
    read += page.rows.length;
    after = Number(page.rows.at(-1)!.member_number);
  }
  return read;
}

async function measure({ name, ctx }: BenchDatabase): Promise<void> {
  const started = performance.now();
  await generateShop(ctx);
  console.log(
    `${name}: ${fmt(MEMBERS)} members, ${fmt(3 * MEMBERS)} orders generated in ${fmt(performance.now() - started)} ms`,
  );
  const countCeiling = await repeatTimed(RUNS, () =>
    sql`select count(*) from members where shop_id = ${SHOP}`.execute(ctx.db),
  );
  console.log(
    `${name}: count ceiling, a plain count of the shop's members: median ${countCeiling.median.toFixed(1)} ms`,
  );
  for (const [label, filters] of FILTER_SETS) {
    const { median, value } = await repeatTimed(RUNS, () => countSegment(ctx, SHOP, filters));
    console.log(
      `${name}: count "${label}": ${fmt(value)} members, median ${fmt(median)} ms, ratio to ceiling ${ceilingRatio(median, countCeiling.median)}`,
    );
  }
  const exported = await repeatTimed(RUNS, async () => {
    let rows = 0;
    for await (const batch of segmentMemberBatches(ctx, SHOP, { marketingConsent: true }))
      rows += batch.length;
    return rows;
  });
  const exportCeiling = await repeatTimed(RUNS, () => readMembersPlainly(ctx, exported.value));
  console.log(
    `${name}: export of the consenting members: ${fmt(exported.value)} rows, median ${fmt(exported.median)} ms; ` +
      `ceiling, ${fmt(exportCeiling.value)} members read plainly by key: median ${fmt(exportCeiling.median)} ms; ` +
      `ratio to ceiling ${ceilingRatio(exported.median, exportCeiling.median)}`,
  );
}

await onEachDatabase(measure, { now: NOW });
