// The monthly run on PostgreSQL for a shop of 1,000,000 members with balances: codes, ledger
// entries, balances and outbox rows, with the time of each phase, rows per second and the
// process's memory; then e-mail delivery to a local SMTP server (smtp-server, in a worker thread).
// The data lives in a database of its own, generated afresh by SQL (generate_series) every run.
// The same run measures its ceiling, a plain INSERT of as many rows, and prints the ratio to it.
//   BENCH_MEMBERS (default 1,000,000), BENCH_MAILS (messages delivered, default 10,000),
//   BENCH_CONCURRENCY (batches side by side, default 2 as the service runs them on PostgreSQL), BENCH_BATCH (members per batch, default 10,000)
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import type { AppContext } from '../src/app/context.ts';
import { runMonthlyConversion } from '../src/app/monthly/run-monthly-conversion.ts';
import { ManualClock } from '../src/clock.ts';
import { type DatabaseHandle, openPostgres } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { deliverPendingMail } from '../src/mail/deliver-pending-mail.ts';
import { smtpTransport } from '../src/mail/smtp-transport.ts';
import { benchShop, ensureBenchDatabase, fmt } from './support.ts';

const DATABASE = 'loyalty_bench_monthly';
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 1_000_000);
const MAILS = Number(process.env.BENCH_MAILS ?? 10_000);
// The service's default on PostgreSQL (LOYALTY_MONTHLY_RUNNERS, src/config.ts); BENCH_CONCURRENCY=1 tries one.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);
const BATCH = Number(process.env.BENCH_BATCH ?? 10_000);
const SHOP = 'bench';
const PERIOD = '2026-12';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
};

/** The highest resident memory of this process while `work` runs, sampled every 50 ms. */
async function withPeakMemory<T>(work: () => Promise<T>): Promise<[T, number]> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    const result = await work();
    return [result, Math.max(peak, process.memoryUsage().rss)];
  } finally {
    clearInterval(sampler);
  }
}

async function freshDatabase(): Promise<DatabaseHandle> {
  const handle = await openPostgres(await ensureBenchDatabase(DATABASE), CONCURRENCY + 2);
  await sql`drop schema public cascade; create schema public`.execute(handle.db);
  await migrate(handle.db, new Date());
  return handle;
}

/** A published shop and its members with balances between -50 and 1,449 points, each from one ledger entry. */
async function generateShop(ctx: AppContext): Promise<void> {
  await benchShop(ctx, SHOP);
  const at = ctx.clock.now();
  await ctx.db.connection().execute(async (db) => {
    // Generated rows are valid by construction; the per-row foreign key checks only slow this down.
    const replica = await sql`set session_replication_role = replica`.execute(db).then(
      () => true,
      () => false,
    );
    const id = sql`'c' || lpad(g::text, 7, '0')`;
    const points = sql`((g::bigint * 7919) % 1500) - 50`;
    const series = sql`generate_series(1, ${MEMBERS}::int) as g`;
    await sql`insert into customers (shop_id, id, email, name, language, registered_at, created_at, updated_at)
      select ${SHOP}, ${id}, 'member' || g || '@example.com', 'Member ' || g, 'fi', ${at}, ${at}, ${at} from ${series}`.execute(
      db,
    );
    await sql`insert into members (shop_id, customer_id, join_source, joined_at)
      select ${SHOP}, ${id}, 'import', ${at} from ${series}`.execute(db);
    await sql`insert into ledger_entries (shop_id, customer_id, kind, points, ref_type, ref_id, idempotency_key, created_at)
      select ${SHOP}, ${id}, 'purchase', ${points}, 'order', 'o' || g, 'purchase:o' || g, ${at} from ${series}`.execute(
      db,
    );
    await sql`insert into member_balances (shop_id, customer_id, balance, updated_at)
      select ${SHOP}, ${id}, ${points}, ${at} from ${series}`.execute(db);
    if (replica) await sql`set session_replication_role = origin`.execute(db);
    await sql`vacuum analyze`.execute(db);
    await sql`checkpoint`.execute(db).catch(() => {});
  });
}

async function verify(ctx: AppContext) {
  const { rows } = await sql<{
    codes: number;
    entries: number;
    outbox: number;
    drift: number;
    doubles: number;
  }>`
    select (select count(*) from discount_codes where shop_id = ${SHOP} and period = ${PERIOD})::int as codes,
           (select count(*) from ledger_entries where shop_id = ${SHOP} and kind = 'conversion')::int as entries,
           (select count(*) from mail_outbox where shop_id = ${SHOP})::int as outbox,
           (select count(*) from member_balances b
              join (select customer_id, sum(points) as total from ledger_entries where shop_id = ${SHOP} group by customer_id) e
                on e.customer_id = b.customer_id
            where b.shop_id = ${SHOP} and b.balance <> e.total)::int as drift,
           (select count(*) from (select customer_id from discount_codes where shop_id = ${SHOP} and period = ${PERIOD}
                                  group by customer_id having count(*) > 1) d)::int as doubles`.execute(
    ctx.db,
  );
  return rows[0]!;
}

/** smtp-server in a worker thread, counting what it accepts. */
async function startSink(): Promise<{ url: string; received(): Promise<number>; stop(): Promise<void> }> {
  const worker = new Worker(
    `
    const { parentPort } = require('node:worker_threads');
    import('smtp-server').then(({ SMTPServer }) => {
      let received = 0;
      const server = new SMTPServer({
        authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, maxClients: 100,
        onData(stream, session, callback) { stream.on('data', () => {}); stream.on('end', () => { received++; callback(); }); },
      });
      server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.server.address().port }));
      parentPort.on('message', (m) => {
        if (m === 'count') parentPort.postMessage({ received });
        if (m === 'stop') server.close(() => parentPort.postMessage({ stopped: true }));
      });
    });`,
    { eval: true },
  );
  const [{ port }] = (await once(worker, 'message')) as [{ port: number }];
  return {
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true&pool=10`,
    received: async () => {
      worker.postMessage('count');
      const [{ received }] = (await once(worker, 'message')) as [{ received: number }];
      return received;
    },
    stop: async () => {
      worker.postMessage('stop');
      await once(worker, 'message');
      await worker.terminate();
    },
  };
}

console.log(
  `Monthly run benchmark: ${fmt(MEMBERS)} members on PostgreSQL, batches of ${fmt(BATCH)}, ${CONCURRENCY} side by side\n`,
);
const database = await freshDatabase();
const clock = new ManualClock(new Date('2026-06-15T10:00:00Z'));
const ctx: AppContext = { db: database.db, clock };
const [, generateMs] = await timed(() => generateShop(ctx));
console.log(`data generation (generate_series)   ${seconds(generateMs).padStart(8)}`);

clock.set('2026-11-30T22:00:00Z'); // 00:00 on 1 December in Helsinki
const startedAt = performance.now();
let openedAt = 0;
const [[run, peak], runMs] = await timed(() =>
  withPeakMemory(() =>
    runMonthlyConversion(ctx, {
      shopId: SHOP,
      period: PERIOD,
      batchSize: BATCH,
      concurrency: CONCURRENCY,
      onProgress: () => {
        openedAt ||= performance.now();
      },
    }),
  ),
);
const batchesMs = run.busyMs;
const rows = run.membersConverted * 3 + run.mailsQueued; // codes, ledger entries, balances; outbox rows
const [check, verifyMs] = await timed(() => verify(ctx));

console.log(`open the run (record, slices)       ${seconds(openedAt - startedAt).padStart(8)}`);
console.log(
  `batches (${run.batches} transactions)            ${seconds(runMs - (openedAt - startedAt)).padStart(8)}  (${seconds(batchesMs)} of batch time over ${CONCURRENCY} runners)`,
);
console.log(`whole run                           ${seconds(runMs).padStart(8)}  target ≤ 30 s`);
console.log(
  `  members scanned ${fmt(run.membersScanned)}, converted ${fmt(run.membersConverted)}, codes worth ${fmt(run.codesValueCents / 100)} EUR, e-mails queued ${fmt(run.mailsQueued)}`,
);
console.log(`  members/s                         ${fmt(run.membersScanned / (runMs / 1000)).padStart(8)}`);
console.log(
  `  rows written/s                    ${fmt(rows / (runMs / 1000)).padStart(8)}  (${fmt(rows)} rows: codes, ledger entries, balances, outbox)`,
);
console.log(`  peak process memory (RSS)         ${mb(peak).padStart(8)}  target < 300 MB`);
console.log(`verification                        ${seconds(verifyMs).padStart(8)}`);
console.log(
  `  codes ${fmt(check.codes)}, ledger entries ${fmt(check.entries)}, outbox rows ${fmt(check.outbox)}, members with two codes ${check.doubles}, balances ≠ ledger sums ${check.drift}`,
);

const ceiling = await insertCeiling(ctx, rows);
console.log(
  `ceiling: plain INSERT of as many rows  ${fmt(ceiling).padStart(8)} rows a second, in statements of ${fmt(BATCH)} generated rows`,
);
console.log(
  `  ratio rows written/ceiling        ${(rows / (runMs / 1000) / ceiling).toFixed(2).padStart(8)}`,
);

const sink = await startSink();
const transport = smtpTransport(sink.url);
clock.set('2026-11-30T22:05:00Z');
const [[report, mailPeak], mailMs] = await timed(() =>
  withPeakMemory(() => deliverPendingMail(ctx, transport, { maxMessages: MAILS, batchSize: 500 })),
);
const received = await sink.received();
await transport.close();
await sink.stop();
console.log(
  `\ne-mail delivery to a local SMTP server ${fmt(report.sent)} sent in ${seconds(mailMs)}: ${fmt(report.sent / (mailMs / 1000))} messages/s  target ≥ 300/s`,
);
console.log(
  `  the server received ${fmt(received)}; retrying ${report.retrying}, failed ${report.failed}, unknown ${report.unknown}; peak RSS ${mb(mailPeak)}`,
);
await database.close();

/**
 * The ceiling of the same run: rows a second of the plainest logged write of as many rows, in
 * statements as large as the batches, on two connections as the run's two runners, into a table
 * with a primary key like the run's. The run's figure divided by it drifts far less from day to
 * day than either.
 */
async function insertCeiling(ctx: AppContext, rows: number): Promise<number> {
  await sql`create table bench_ceiling (shop_id text, customer_id text, value bigint, primary key (shop_id, customer_id))`.execute(
    ctx.db,
  );
  const statements = Math.max(1, Math.ceil(rows / BATCH));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < statements; i = next++) {
        await sql`insert into bench_ceiling select 'bench', 'c' || g, g
          from generate_series(${i * BATCH}::bigint, ${(i + 1) * BATCH - 1}::bigint) g`.execute(ctx.db);
      }
    }),
  );
  const ms = performance.now() - started;
  await sql`drop table bench_ceiling`.execute(ctx.db);
  return (statements * BATCH) / (ms / 1000);
}
