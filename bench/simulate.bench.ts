// The estimate on a shop with 1,000,000 orders and 100,000 customers over 12 months on
// PostgreSQL: the first estimate (reading the history), re-estimates after settings changes
// (rules only), the memory the history holds, and admin page times for the shop's 100,000
// members. Data lives in a database of its own (created on first run, reused after; pass
// --fresh to generate it again).
// Ceilings measured in the same run on the same database: for the first estimate, a plain scan of
// the orders it reads (the shop's delivered orders of members in the range, counted and summed in
// the database: reading the rows, nothing more), taken after it so that its own figure stays what
// it was; for the admin pages, the sign-in page of the same in-process server. "ratio to ceiling" is
// the ceiling's time over the measured one (1.00: as fast as the ceiling). The re-estimates read no
// database (rules over the kept history), so they are shown against their target only.
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { AppContext } from '../src/app/context.ts';
import { estimateProgram } from '../src/app/simulation/estimate.ts';
import { HistoryCache } from '../src/app/simulation/history-cache.ts';
import { ManualClock } from '../src/clock.ts';
import { openPostgres } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import type { SimulationRules } from '../src/domain/simulation/simulate.ts';
import { benchCampaignEstimate } from './simulate-campaign.ts';
import { BENCH_SHOP, generateBenchShop } from './simulate-data.ts';
import { BENCH_ADMIN, benchAdminPages } from './simulate-pages.ts';
import { benchServerEstimate } from './simulate-server.ts';
import { ceilingRatio, ensureBenchDatabase, median, repeatTimed } from './support.ts';

const DATABASE = 'loyalty_bench_simulate';
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const ms = (n: number) => `${n.toFixed(1)} ms`;
/** The start of a day (plus `days`) in the shop's zone, as the estimate's range counts days. */
const localDay = (day: string, days = 0) =>
  DateTime.fromISO(day, { zone: 'Europe/Helsinki' }).plus({ days }).toJSDate();

const url = await ensureBenchDatabase(DATABASE);
const handle = await openPostgres(url, 10);
const fresh = process.argv.includes('--fresh');
if (fresh) await sql`drop schema public cascade; create schema public`.execute(handle.db);
await migrate(handle.db, new Date());
const present = await sql<{
  n: number;
}>`select count(*)::int as n from orders where shop_id = ${BENCH_SHOP}`.execute(handle.db);
if (present.rows[0]!.n !== 1_000_000) {
  console.log(`Generating the bench shop in database ${DATABASE} (once; --fresh to redo):`);
  await sql`drop schema public cascade; create schema public`.execute(handle.db);
  await migrate(handle.db, new Date());
  await generateBenchShop(handle.db, console.log);
}

const clock = new ManualClock(new Date('2026-05-15T10:00:00Z'));
const ctx: AppContext = { db: handle.db, clock };
const cache = new HistoryCache({ maxEntries: 4, ttlMs: 60 * 60_000 });
const range = { from: '2025-05-01', to: '2026-04-30' };
const base: SimulationRules = {
  purchaseRatioCents: 100,
  joinPoints: 50,
  reviewPoints: 20,
  tiers: [
    { points: 100, valueCents: 500 },
    { points: 250, valueCents: 1500 },
    { points: 500, valueCents: 4000 },
  ],
  storeVersionIds: ['fi', 'en'],
};

global.gc?.();
const before = process.memoryUsage();
let peakRss = before.rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 5);
let t = performance.now();
const first = await estimateProgram(
  ctx,
  { shopId: BENCH_SHOP, range, timeZone: 'Europe/Helsinki', rules: base },
  cache,
);
const firstMs = performance.now() - t;
clearInterval(sampler);
global.gc?.();
const after = process.memoryUsage();

const variants: Partial<SimulationRules>[] = [
  { purchaseRatioCents: 10 },
  { purchaseRatioCents: 1000 },
  { joinPoints: 0 },
  { reviewPoints: 100 },
  { tiers: [{ points: 200, valueCents: 1000 }] },
  { storeVersionIds: ['fi'] },
  { purchaseRatioCents: 100 },
];
const times: number[] = [];
const cpu: number[] = [];
for (let round = 0; round < 5; round++) {
  for (const v of variants) {
    t = performance.now();
    const c0 = process.cpuUsage();
    const r = await estimateProgram(
      ctx,
      { shopId: BENCH_SHOP, range, timeZone: 'Europe/Helsinki', rules: { ...base, ...v } },
      cache,
    );
    const used = process.cpuUsage(c0);
    times.push(performance.now() - t);
    cpu.push((used.user + used.system) / 1000);
    if (!r.cached) throw new Error('a re-estimate read the history again');
  }
}
const max = (xs: number[]) => Math.max(...xs);
const e = first.estimate;
const n = (x: number) => x.toLocaleString('en-US');
console.log(
  '\nEstimate, 12 months (2025-05-01..2026-04-30), 1,000,000 orders, 100,000 customers, PostgreSQL:',
);
console.log(
  `  counted: ${n(e.counted.orders)} orders, ${n(e.counted.joins)} joins, ${n(e.counted.reviews)} reviewed orders; ${n(e.totals.all)} points, ${n(e.codes.count)} codes`,
);
console.log(`  first estimate (read the history + rules): ${ms(firstMs)}   target ≤ 2000 ms`);
const scan = await repeatTimed(3, () =>
  sql`select count(*), sum(kept_eligible_cents) from orders
    where shop_id = ${BENCH_SHOP} and status = 'delivered' and logged_in and customer_id is not null
      and delivered_at >= ${localDay(range.from)} and delivered_at < ${localDay(range.to, 1)}`.execute(
    handle.db,
  ),
);
console.log(
  `  ceiling, a plain scan of the same orders in the database: median ${ms(scan.median)}; ratio to ceiling ${ceilingRatio(firstMs, scan.median)}`,
);
console.log(
  `  re-estimate after a settings change (${times.length} runs, server time): median ${ms(median(times))}, max ${ms(max(times))}; CPU median ${ms(median(cpu))}   target ≤ 50 ms`,
);
console.log(
  `  memory: history kept ${mb(first.historyBytes)} (+${mb(Math.max(0, after.heapUsed - before.heapUsed))} heap); this process's RSS (it carries the TypeScript loader, about 100 MB) ${mb(before.rss)} before, peak ${mb(peakRss)} while reading, ${mb(after.rss)} after; the server's below`,
);

await benchCampaignEstimate(
  ctx,
  cache,
  BENCH_SHOP,
  range,
  variants.map((v) => ({ ...base, ...v })),
);

await benchAdminPages(ctx, BENCH_SHOP);
await handle.close();
await benchServerEstimate(url, { shop: BENCH_SHOP, ...BENCH_ADMIN }, range);
