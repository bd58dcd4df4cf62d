// Importing a shop's order history from CSV (docs/import.md): 1,000,000 orders of about 2.5 lines
// each (2,500,000 rows, about 160 MB) on PostgreSQL, in a database of its own created and dropped
// here, by the command a merchant runs (`loyalty import orders FILE --shop ID`, on the built
// JavaScript, in a process of its own), against two ceilings of the same server measured in the
// same run: the plain multi-row INSERT rate, and a COPY of the very rows the import wrote into a
// fresh database of the same schema. Prints rows/s, orders/s, the ratios, the command's peak
// memory (VmHWM) and the cores it and PostgreSQL used. Then a smaller file on the embedded
// database, imported in this process (its peak includes the database's own memory and this
// process's TypeScript loader: --expose-gc collects the heap first), against the INSERT ceiling there.
// Target on PostgreSQL: at most 40 s, under 300 MB.
//   BENCH_ORDERS (default 1,000,000), BENCH_PGLITE_ORDERS (default 100,000),
//   BENCH_CUSTOMERS (default 100,000), BENCH_SERVER_URL (default postgres://postgres@127.0.0.1:5432/postgres)
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import type { AppContext } from '../src/app/context.ts';
import { importFile } from '../src/app/import/run-import.ts';
import { createShop } from '../src/app/shops/create-shop.ts';
import { ManualClock } from '../src/clock.ts';
import { type Db, openPGlite, openPostgres } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { runCommand } from './command-run.ts';
import { copyImportedRows, saveImportedRows } from './import-copy-ceiling.ts';
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

function createBenchShop(ctx: AppContext) {
  return createShop(ctx, {
    id: SHOP,
    name: 'Bench',
    storeVersions: [{ id: 'web', name: 'Web', requiresLogin: false }],
  });
}

/** The shop's customers (an orders file names them), imported in this process; returns the time taken. */
async function importCustomers(ctx: AppContext, dir: string) {
  const path = join(dir, 'customers.csv');
  const started = performance.now();
  const outcome = await importFile(ctx, importRequest('customers', path));
  if (outcome.status !== 'imported')
    throw new Error(`customers: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
  return performance.now() - started;
}

/** A PostgreSQL database migrated, with the bench's shop, and `then` done on it. */
async function withPostgresShop<T>(url: string, then: (ctx: AppContext) => Promise<T>): Promise<T> {
  const handle = await openPostgres(url, 2);
  try {
    await migrate(handle.db, NOW);
    const ctx: AppContext = { db: handle.db, clock: new ManualClock(NOW) };
    await createBenchShop(ctx);
    return await then(ctx);
  } finally {
    await handle.close();
  }
}

/** The import's time next to a COPY of the rows it wrote into a fresh database of the same schema. */
async function copyCeiling(admin: pg.Client, url: string, copyUrl: string, dir: string, importMs: number) {
  await saveImportedRows(url, SHOP, dir);
  await admin.query(`create database ${new URL(copyUrl).pathname.slice(1)}`);
  const copyMs = await withPostgresShop(copyUrl, () => copyImportedRows(copyUrl, dir));
  console.log(
    `PostgreSQL  COPY of the rows written ${seconds(copyMs).padStart(9)}      (ceiling with this schema: its indexes and foreign keys, one transaction)`,
  );
  console.log(`            ratio COPY time/import time ${(copyMs / importMs).toFixed(2).padStart(5)}`);
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

/** Runs one statement with its parameters: the ceiling's only contact with a database. */
type RunStatement = (text: string, values: unknown[]) => Promise<unknown>;

/**
 * The plain multi-row INSERT rate of a database: as many rows as the file has, of an order line's
 * shape (its key, no foreign keys), a thousand per statement, in one transaction (`run` is inside
 * it), through the driver itself.
 */
async function insertCeiling(run: RunStatement, total: number): Promise<number> {
  await run(
    `create table bench_rows (shop_id text, order_id text, line_no int, product_id text,
    category text, quantity int, unit_price_cents bigint, line_discount_cents bigint, gift_card boolean,
    eligible_cents bigint, primary key (shop_id, order_id, line_no))`,
    [],
  );
  const text = `insert into bench_rows values ${Array.from(
    { length: CEILING_BATCH },
    (_, r) => `(${Array.from({ length: 10 }, (_, c) => `$${r * 10 + c + 1}`).join(', ')})`,
  ).join(', ')}`;
  const started = performance.now();
  for (let b = 0; b < Math.ceil(total / CEILING_BATCH); b++) {
    const values: unknown[] = [];
    for (let k = 0; k < CEILING_BATCH; k++) {
      const i = b * CEILING_BATCH + k;
      const price = 990 + (i % 9000);
      values.push(SHOP, `o${i >> 2}`, i & 3, `p${i % 5000}`, 'cat', 1 + (i % 3), price, 0, false, price);
    }
    await run(text, values);
  }
  return (Math.ceil(total / CEILING_BATCH) * CEILING_BATCH) / ((performance.now() - started) / 1000);
}

/** The ceiling on the PostgreSQL server at `url`: its own connection, each batch a prepared statement. */
async function postgresCeiling(url: string, total: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    const rate = await insertCeiling(
      (text, values) => client.query(values.length ? { name: 'bench_rows', text, values } : text),
      total,
    );
    await client.query('commit');
    return rate;
  } finally {
    await client.end();
  }
}

/** The ceiling on the embedded database, through its one connection. */
function pgliteCeiling(db: Db, total: number): Promise<number> {
  return db
    .transaction()
    .execute((trx) =>
      insertCeiling((text, values) => trx.executeQuery(CompiledQuery.raw(text, values)), total),
    );
}

function ceilingLines(label: string, rate: number, ceiling: number) {
  console.log(
    `${label.padEnd(11)} plain multi-row INSERT ${fmt(ceiling).padStart(9)} rows/s (ceiling, ${CEILING_BATCH} rows a statement)`,
  );
  console.log(`            ratio import/ceiling  ${(rate / ceiling).toFixed(2).padStart(9)}`);
}

function report(label: string, rows: number, orders: number, ms: number, peak: number) {
  const perSecond = rows / (ms / 1000);
  console.log(
    `${label.padEnd(11)} ${fmt(orders)} orders, ${fmt(rows)} rows in ${seconds(ms)}: ${fmt(perSecond).padStart(9)} rows/s, ` +
      `${fmt(orders / (ms / 1000))} orders/s; peak RSS ${mb(peak)}`,
  );
  return perSecond;
}

/**
 * Writes the files in a process of its own (this file, started again with BENCH_GENERATE), so that
 * the memory the generator used does not count in the import's: returns the order rows written.
 */
function generated(path: string, orders: number, prefix: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_GENERATE: JSON.stringify({ path, orders, prefix }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) =>
      code === 0 ? resolve(Number(out)) : reject(new Error(`generator ended ${code}`)),
    );
  });
}

const generating = process.env.BENCH_GENERATE;
if (generating) {
  const { path, orders, prefix } = JSON.parse(generating) as { path: string; orders: number; prefix: string };
  if (orders === 0) await customersFile(path);
  process.stdout.write(String(orders === 0 ? CUSTOMERS : await ordersFile(path, orders, prefix)));
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'loyalty-bench-import-'));
console.log(`Import benchmark: ${fmt(ORDERS)} orders from CSV (files in ${dir})\n`);
try {
  await generated(join(dir, 'customers.csv'), 0, '');
  const pgFile = join(dir, 'orders.csv');
  const rows = await generated(pgFile, ORDERS, 'o');
  console.log(`Generated ${fmt(rows)} order rows, ${mb(statSync(pgFile).size)}`);

  // PostgreSQL: a database of its own, and one more for the COPY ceiling.
  const database = `loyalty_bench_import_${process.pid}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  const urlOf = (name: string) => {
    const url = new URL(SERVER);
    url.pathname = `/${name}`;
    return url.toString();
  };
  try {
    await admin.query(`create database ${database}`);
    const url = urlOf(database);
    const customerMs = await withPostgresShop(url, (ctx) => importCustomers(ctx, dir));
    console.log(`PostgreSQL  ${fmt(CUSTOMERS)} customers imported first in ${seconds(customerMs)}`);
    const load = loadavg()[0]!;
    // The command a merchant runs, in a process of its own: its memory is the command's alone.
    const run = await runCommand(['import', 'orders', pgFile, '--shop', SHOP], {
      DATABASE_URL: url,
      LOYALTY_LOG: 'warn',
    });
    if (run.exitCode !== 0)
      throw new Error(`loyalty import orders ended with ${run.exitCode}:\n${run.stderr.slice(0, 2000)}`);
    const rate = report('PostgreSQL', rows, ORDERS, run.ms, run.peakBytes);
    console.log(
      `            cores used: the command ${run.cores.command.toFixed(2)}, PostgreSQL ${run.cores.postgres.toFixed(2)} ` +
        `(all its processes); machine load ${load.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`,
    );
    ceilingLines('PostgreSQL', rate, await postgresCeiling(url, rows));
    await copyCeiling(admin, url, urlOf(`${database}_copy`), dir, run.ms);
    console.log(
      ORDERS === 1_000_000
        ? `            target (at most 40 s, under 300 MB): ${run.ms <= 40_000 && run.peakBytes < 300 * 1048576 ? 'met' : 'NOT met'}`
        : '            target: for 1,000,000 orders only',
    );
    console.log(`            the command said: ${run.stdout.trim().split('\n').pop()}`);
  } finally {
    await admin.query(`drop database if exists ${database}`);
    await admin.query(`drop database if exists ${database}_copy`);
    await admin.end();
  }

  // The embedded database: a smaller file.
  const liteFile = join(dir, 'orders-small.csv');
  const liteRows = await generated(liteFile, PGLITE_ORDERS, 'l');
  const lite = await openPGlite(undefined);
  try {
    await migrate(lite.db, NOW);
    const ctx: AppContext = { db: lite.db, clock: new ManualClock(NOW) };
    await createBenchShop(ctx);
    await importCustomers(ctx, dir);
    const [outcome, ms, peak] = await withPeakMemory(() =>
      importFile(ctx, importRequest('orders', liteFile)),
    );
    if (outcome.status !== 'imported')
      throw new Error(`orders: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
    const rate = report('PGlite', liteRows, PGLITE_ORDERS, ms, peak);
    ceilingLines('PGlite', rate, await pgliteCeiling(lite.db, liteRows));
  } finally {
    await lite.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
