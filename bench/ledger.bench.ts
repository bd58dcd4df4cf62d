// Posting delivered orders through the use case with 8 concurrent workers, on PostgreSQL and on
// the embedded database, each against the ceiling of a plain single-row INSERT on the same database
// measured in the same run (on PGlite too, whose one connection the 8 workers queue for either way).
import { sql } from 'kysely';
import type { AppContext } from '../src/app/context.ts';
import { upsertCustomer } from '../src/app/customers/upsert-customer.ts';
import { joinProgram } from '../src/app/members/join-program.ts';
import { recordSale } from '../src/app/orders/record-sale.ts';
import { systemClock } from '../src/clock.ts';
import { openPGlite } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { analyzeTables, autovacuumRuns } from '../src/db/table-statistics.ts';
import { measureCpuShares } from './cpu-shares.ts';
import { LEDGER_BENCH_CUSTOMERS, ledgerBenchOrder } from './ledger-order.ts';
import { benchPostgres, benchShop, fmt, runConcurrently } from './support.ts';

const WORKERS = 8;
const PG_ORDERS = Number(process.env.BENCH_ORDERS ?? 30_000);
const PGLITE_ORDERS = Number(process.env.BENCH_PGLITE_ORDERS ?? 6_000);

async function prepareShop(ctx: AppContext) {
  await benchShop(ctx, 'bench', { name: 'Bench', program: { joinPoints: 10 } });
  for (let i = 0; i < LEDGER_BENCH_CUSTOMERS; i++) {
    await upsertCustomer(ctx, { shopId: 'bench', customerId: `c${i}`, registeredAt: ctx.clock.now() });
    await joinProgram(ctx, { shopId: 'bench', customerId: `c${i}`, source: 'registration' });
  }
}

async function checkBalances(ctx: AppContext) {
  const { rows } = await sql<{ mismatches: number }>`
    select count(*) as mismatches from member_balances b
    where b.balance <> (select coalesce(sum(points), 0) from ledger_entries e
                        where e.shop_id = b.shop_id and e.customer_id = b.customer_id)`.execute(ctx.db);
  return rows[0]!.mismatches;
}

/**
 * The ceiling: the same number of plain single-row INSERTs into a table of their own (a key, no
 * foreign keys, no trigger) from the same workers on the same database, each its own transaction.
 */
async function insertCeiling(ctx: AppContext, count: number) {
  await sql`create table bench_insert (id bigint generated always as identity primary key, shop_id text, points bigint, created_at timestamptz)`.execute(
    ctx.db,
  );
  return runConcurrently(count, WORKERS, (i) =>
    sql`insert into bench_insert (shop_id, points, created_at) values ('bench', ${i}, ${new Date()})`.execute(
      ctx.db,
    ),
  );
}

console.log(`Ledger benchmark: delivered orders through the use case (recordSale), ${WORKERS} workers\n`);

// PostgreSQL: the use case, then the ceiling.
{
  const database = await benchPostgres(WORKERS);
  const ctx: AppContext = { db: database.db, clock: systemClock };
  await prepareShop(ctx);
  await runConcurrently(500, WORKERS, (i) => recordSale(ctx, ledgerBenchOrder(i, 'warm')));
  // A running service keeps the planner's statistics fresh (autovacuum, or its own job where that
  // is off); a bench that never refreshes them measures plans made for empty tables.
  const autovacuum = await autovacuumRuns(ctx.db, false);
  await analyzeTables(ctx.db);
  const cpuShares = measureCpuShares(process.pid);
  const useCase = await runConcurrently(PG_ORDERS, WORKERS, (i) =>
    recordSale(ctx, ledgerBenchOrder(i, 'pg')),
  );
  const cores = cpuShares();
  const mismatches = await checkBalances(ctx);

  const ceiling = await insertCeiling(ctx, PG_ORDERS);
  console.log(
    `PostgreSQL  orders (use case)      ${fmt(useCase.perSecond).padStart(8)} /s  (${fmt(PG_ORDERS)} in ${useCase.seconds.toFixed(1)} s)`,
  );
  console.log(`PostgreSQL  single-row INSERT      ${fmt(ceiling.perSecond).padStart(8)} /s  (ceiling)`);
  console.log(
    `            ratio use case/ceiling ${(useCase.perSecond / ceiling.perSecond).toFixed(2).padStart(8)}`,
  );
  console.log(
    `            cores used: this process ${cores.loadGenerator.toFixed(2)}, PostgreSQL ${cores.postgres.toFixed(2)}`,
  );
  console.log(`            balances ≠ ledger sums ${String(mismatches).padStart(8)}`);
  console.log(
    `            autovacuum on the server: ${autovacuum ? 'on' : 'off (statistics refreshed once after warm-up)'}`,
  );
  await database.close();
}

// The embedded database: one connection, so the 8 workers queue for it.
{
  const handle = await openPGlite(undefined);
  await migrate(handle.db, new Date());
  const ctx: AppContext = { db: handle.db, clock: systemClock };
  await prepareShop(ctx);
  // The same warm-up as on PostgreSQL, then the statistics the service's job would have taken: with
  // fewer orders a foreign-key check is planned as a scan, and that plan is kept as the table grows.
  await runConcurrently(500, WORKERS, (i) => recordSale(ctx, ledgerBenchOrder(i, 'warm')));
  await analyzeTables(ctx.db);
  const useCase = await runConcurrently(PGLITE_ORDERS, WORKERS, (i) =>
    recordSale(ctx, ledgerBenchOrder(i, 'lite')),
  );
  console.log(
    `PGlite      orders (use case)      ${fmt(useCase.perSecond).padStart(8)} /s  (${fmt(PGLITE_ORDERS)} in ${useCase.seconds.toFixed(1)} s)`,
  );
  console.log(`            balances ≠ ledger sums ${String(await checkBalances(ctx)).padStart(8)}`);
  const ceiling = await insertCeiling(ctx, PGLITE_ORDERS);
  console.log(`PGlite      single-row INSERT      ${fmt(ceiling.perSecond).padStart(8)} /s  (ceiling)`);
  console.log(
    `            ratio use case/ceiling ${(useCase.perSecond / ceiling.perSecond).toFixed(2).padStart(8)}`,
  );
  await handle.close();
}
