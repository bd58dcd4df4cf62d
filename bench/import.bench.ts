// Importing a shop's order history from CSV (docs/import.md): 1,000,000 orders of about 2.5 lines
// each (2,500,000 rows, about 350 MB) on PostgreSQL, in a database of its own created and dropped
// here, against the plain multi-row INSERT rate of the same server measured in the same run; then
// a smaller file on the embedded database. Prints rows/s, orders/s, the ratio to the ceiling and
// this process's peak memory while importing (from a collected heap: --expose-gc), with the cores
// this process and PostgreSQL used and the machine's load.
// Target on PostgreSQL: at most 40 s, under 300 MB.
//   BENCH_ORDERS (default 1,000,000), BENCH_PGLITE_ORDERS (default 100,000),
//   BENCH_CUSTOMERS (default 100,000), BENCH_SERVER_URL (default postgres://postgres@127.0.0.1:5432/postgres)
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { AppContext } from '../src/app/context.ts';
import { importFile } from '../src/app/import/run-import.ts';
import { createShop } from '../src/app/shops/create-shop.ts';
import { ManualClock } from '../src/clock.ts';
import { openPGlite, openPostgres } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { measureCpuShares } from './cpu-shares.ts';
import { fmt } from './support.ts';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const PGLITE_ORDERS = Number(process.env.BENCH_PGLITE_ORDERS ?? 100_000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const SERVER = process.env.BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CEILING_BATCH = 1000;
const NOW = new Date('2026-06-15T10:00:00Z');
const SHOP = 'bench';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;

/** The highest resident memory of this process while `work` runs, sampled every 50 ms. */
async function withPeakMemory<T>(work: () => Promise<T>): Promise<[T, number, number]> {
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  try {
    const result = await work();
    return [result, performance.now() - started, Math.max(peak, process.memoryUsage().rss)];
  } finally {
    clearInterval(sampler);
  }
}

/** Writes text to a file; `pause` waits while the file is behind. */
async function writeFile(
  path: string,
  rows: (emit: (text: string) => void, pause: () => Promise<void>) => Promise<void> | void,
) {
  const out = createWriteStream(path);
  let buffer = '';
  let behind = false;
  const emit = (text: string) => {
    buffer += text;
    if (buffer.length > 1 << 20) {
      behind = !out.write(buffer) || behind;
      buffer = '';
    }
  };
  const pause = async () => {
    if (behind) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    behind = false;
  };
  await rows(emit, pause);
  out.end(buffer);
  await new Promise<void>((resolve) => out.on('finish', () => resolve()));
}

function customersFile(path: string) {
  return writeFile(path, (emit) => {
    emit('customer_id,registered_at,email,name,language\n');
    const start = Date.parse('2023-01-01T00:00:00Z');
    for (let c = 0; c < CUSTOMERS; c++) {
      const at = new Date(start + c * 600_000).toISOString();
      emit(`c${c},${at},c${c}@example.com,Customer ${c},fi\n`);
    }
  });
}

/**
 * Orders of 1 to 4 lines (2.5 on average) over two years: most by a customer, a tenth by guests,
 * some at the till, a few cancelled, some lines returned and some reviewed. Rows of an order after
 * its first leave the order's own columns empty, as an export would.
 */
async function ordersFile(path: string, orders: number, prefix: string) {
  let rows = 0;
  await writeFile(path, async (emit, pause) => {
    emit(
      'order_id,placed_at,customer_id,channel,status,delivered_at,cancelled_at,order_discount,shipping,' +
        'product_id,category,quantity,unit_price,line_discount,gift_card,returned_quantity,returned_at,' +
        'review_id,reviewed_at\n',
    );
    const start = Date.parse('2024-06-01T00:00:00Z');
    const step = (NOW.getTime() - 30 * 86_400_000 - start) / orders;
    for (let i = 0; i < orders; i++) {
      const placed = start + Math.floor(i * step);
      const at = new Date(placed).toISOString();
      const guest = i % 10 === 9;
      const pos = i % 7 === 3;
      const cancelled = i % 50 === 7;
      const delivered = new Date(placed + 2 * 86_400_000).toISOString();
      const status = cancelled ? 'cancelled' : pos ? '' : 'delivered';
      const head =
        `${prefix}${i},${at},${guest ? '' : `c${(i * 7919) % CUSTOMERS}`},${pos ? 'pos' : 'web'},${status},` +
        `${cancelled || pos ? '' : delivered},${cancelled ? delivered : ''},${i % 5 === 0 ? '5.00' : ''},${pos ? '' : '4.90'}`;
      const lines = 1 + (i % 4);
      for (let l = 0; l < lines; l++) {
        const returned = !cancelled && l === 1 && i % 20 === 1;
        const reviewed = !guest && l === 0 && i % 20 === 2;
        emit(
          `${l === 0 ? head : `${prefix}${i},,,,,,,,`},p${(i * 31 + l) % 5000},cat${l},${1 + ((i + l) % 3)},` +
            `${(990 + ((i * 13 + l) % 9000)) / 100},${l === 2 ? '1.00' : ''},${l === 3 && i % 40 === 3 ? 'true' : ''},` +
            `${returned ? '1' : ''},${returned ? new Date(placed + 9 * 86_400_000).toISOString() : ''},` +
            `${reviewed ? `r${prefix}${i}` : ''},${reviewed ? new Date(placed + 5 * 86_400_000).toISOString() : ''}\n`,
        );
        rows++;
      }
      if (i % 5_000 === 0) await pause();
    }
  });
  return rows;
}

async function prepareShop(ctx: AppContext, dir: string) {
  await createShop(ctx, {
    id: SHOP,
    name: 'Bench',
    storeVersions: [{ id: 'web', name: 'Web', requiresLogin: false }],
  });
  const path = join(dir, 'customers.csv');
  const started = performance.now();
  const outcome = await importFile(ctx, importRequest('customers', path));
  if (outcome.status !== 'imported')
    throw new Error(`customers: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
  return performance.now() - started;
}

function importRequest(kind: 'customers' | 'orders', path: string) {
  return {
    shopId: SHOP,
    kind,
    path,
    fileName: path.split('/').pop()!,
    fileBytes: statSync(path).size,
    separator: null,
    decimalComma: false,
    checkOnly: false,
    author: 'bench',
  };
}

/**
 * The plain multi-row INSERT rate of the server: as many rows as the file has, of an order line's
 * shape (its key, no foreign keys), a thousand per prepared statement, in one transaction, through
 * the driver itself.
 */
async function insertCeiling(url: string, total: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create table bench_rows (shop_id text, order_id text, line_no int, product_id text,
      category text, quantity int, unit_price_cents bigint, line_discount_cents bigint, gift_card boolean,
      eligible_cents bigint, primary key (shop_id, order_id, line_no))`);
    const text = `insert into bench_rows values ${Array.from(
      { length: CEILING_BATCH },
      (_, r) => `(${Array.from({ length: 10 }, (_, c) => `$${r * 10 + c + 1}`).join(', ')})`,
    ).join(', ')}`;
    const started = performance.now();
    await client.query('begin');
    for (let b = 0; b < Math.ceil(total / CEILING_BATCH); b++) {
      const values: unknown[] = [];
      for (let k = 0; k < CEILING_BATCH; k++) {
        const i = b * CEILING_BATCH + k;
        const price = 990 + (i % 9000);
        values.push(SHOP, `o${i >> 2}`, i & 3, `p${i % 5000}`, 'cat', 1 + (i % 3), price, 0, false, price);
      }
      await client.query({ name: 'bench_rows', text, values });
    }
    await client.query('commit');
    return (Math.ceil(total / CEILING_BATCH) * CEILING_BATCH) / ((performance.now() - started) / 1000);
  } finally {
    await client.end();
  }
}

function report(label: string, rows: number, orders: number, ms: number, peak: number) {
  const perSecond = rows / (ms / 1000);
  console.log(
    `${label.padEnd(11)} ${fmt(orders)} orders, ${fmt(rows)} rows in ${seconds(ms)}: ${fmt(perSecond).padStart(9)} rows/s, ` +
      `${fmt(orders / (ms / 1000))} orders/s; peak RSS ${mb(peak)}`,
  );
  return perSecond;
}

const dir = mkdtempSync(join(tmpdir(), 'loyalty-bench-import-'));
console.log(`Import benchmark: ${fmt(ORDERS)} orders from CSV (files in ${dir})\n`);
try {
  await customersFile(join(dir, 'customers.csv'));
  const pgFile = join(dir, 'orders.csv');
  const rows = await ordersFile(pgFile, ORDERS, 'o');
  console.log(`Generated ${fmt(rows)} order rows, ${mb(statSync(pgFile).size)}`);

  // PostgreSQL: a database of its own.
  const database = `loyalty_bench_import_${process.pid}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`create database ${database}`);
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  try {
    const handle = await openPostgres(url.toString(), 4);
    try {
      await migrate(handle.db, NOW);
      const ctx: AppContext = { db: handle.db, clock: new ManualClock(NOW) };
      const customerMs = await prepareShop(ctx, dir);
      console.log(`PostgreSQL  ${fmt(CUSTOMERS)} customers imported first in ${seconds(customerMs)}`);
      const load = loadavg()[0]!;
      const shares = measureCpuShares(process.pid);
      const [outcome, ms, peak] = await withPeakMemory(() =>
        importFile(ctx, importRequest('orders', pgFile)),
      );
      const cores = shares();
      if (outcome.status !== 'imported')
        throw new Error(`orders: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
      const rate = report('PostgreSQL', rows, ORDERS, ms, peak);
      console.log(
        `            cores used: this process ${cores.loadGenerator.toFixed(2)}, PostgreSQL ${cores.postgres.toFixed(2)} ` +
          `(all its processes); machine load ${load.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`,
      );
      const ceiling = await insertCeiling(url.toString(), rows);
      console.log(
        `PostgreSQL  plain multi-row INSERT ${fmt(ceiling).padStart(9)} rows/s (ceiling, ${CEILING_BATCH} rows a statement)`,
      );
      console.log(`            ratio import/ceiling  ${(rate / ceiling).toFixed(2).padStart(9)}`);
      console.log(
        ORDERS === 1_000_000
          ? `            target (at most 40 s, under 300 MB): ${ms <= 40_000 && peak < 300 * 1048576 ? 'met' : 'NOT met'}`
          : '            target: for 1,000,000 orders only',
      );
      console.log(`            written: ${JSON.stringify(outcome.summary)}`);
    } finally {
      await handle.close();
    }
  } finally {
    await admin.query(`drop database if exists ${database}`);
    await admin.end();
  }

  // The embedded database: a smaller file.
  const liteFile = join(dir, 'orders-small.csv');
  const liteRows = await ordersFile(liteFile, PGLITE_ORDERS, 'l');
  const lite = await openPGlite(undefined);
  try {
    await migrate(lite.db, NOW);
    const ctx: AppContext = { db: lite.db, clock: new ManualClock(NOW) };
    await prepareShop(ctx, dir);
    const [outcome, ms, peak] = await withPeakMemory(() =>
      importFile(ctx, importRequest('orders', liteFile)),
    );
    if (outcome.status !== 'imported')
      throw new Error(`orders: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
    report('PGlite', liteRows, PGLITE_ORDERS, ms, peak);
  } finally {
    await lite.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
