// Webhooks out on PostgreSQL. Three parts, each next to its ceiling in the same run:
// 1. Delivery: a backlog of events in the outbox sent by the dispatcher (src/jobs/webhook-dispatcher.ts)
//    to a local receiver, in events/s; the ceiling is the same number of plain POSTs to the same
//    receiver at the same concurrency, without the outbox.
// 2. POST /v1/sales (each a sale at the till: an order placed and delivered, points credited) on
//    the real server (`loyalty serve`, jobs on, so its dispatcher runs in the same process) with the
//    endpoint (subscribed to points.credited) disabled and enabled, alternating over BENCH_ROUNDS
//    rounds, with each side's CPU per sale, and GET /health of the same server as the ceiling.
// 3. The outbox's open deliveries sampled every second during the run with webhooks on: it must
//    stay bounded (the dispatcher keeps up) and drain after the load stops.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { request } from 'undici';
import { createApiKey } from '../src/app/api-keys/create-api-key.ts';
import { setShopApiRateLimit } from '../src/app/shops/api-rate-limit.ts';
import { createEndpoint } from '../src/app/webhooks/endpoints.ts';
import { systemClock } from '../src/clock.ts';
import { analyzeTables } from '../src/db/table-statistics.ts';
import { webhookDispatcher } from '../src/jobs/webhook-dispatcher.ts';
import { type CpuShares, measureCpuShares } from './cpu-shares.ts';
import { startServer } from './server-process.ts';
import { benchPostgres, benchShop, fmt, median } from './support.ts';

const BACKLOG = Number(process.env.BENCH_WEBHOOK_BACKLOG ?? 10_000);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 20_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const CONCURRENCY = 16;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGETS = { eventsPerSecond: 2_000, salesRatio: 0.85 };

const database = await benchPostgres(8);
const ctx = { db: database.db, clock: systemClock };
let received = 0;
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received++;
    res.end('ok');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
type Server = Awaited<ReturnType<typeof startServer>>;
type Layout = 'one' | 'split';
const servers: Server[] = [];
// BENCH_LAYOUT=one or split runs only that layout.
const LAYOUTS: Layout[] = process.env.BENCH_LAYOUT ? [process.env.BENCH_LAYOUT as Layout] : ['one', 'split'];
try {
  await seed();
  // On a shared machine other work shows here: the rates below are this run's share of it.
  console.log(`PostgreSQL, ${fmt(MEMBERS)} members; load average ${loadavg()[0]!.toFixed(1)} at the start\n`);

  // 1. Delivery of a backlog.
  const endpoint = await createEndpoint(ctx, 'bench', { url: hookUrl, eventTypes: ['points.credited'] });
  await fillOutbox(endpoint.id, BACKLOG);
  const dispatcher = webhookDispatcher(ctx, { concurrency: CONCURRENCY, batchSize: 200 });
  const cpuBefore = process.cpuUsage();
  let started = performance.now();
  while ((await openDeliveries()) > 0) await dispatcher.runDue();
  const deliverySeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMsPerEvent = (cpu.user + cpu.system) / 1000 / received;
  const delivered = received;
  const body = JSON.stringify({ id: 'evt_x', type: 'points.credited', data: { points: 10 } });
  started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < BACKLOG) {
        // The same client as the dispatcher's (undici's request), so the ratio is of the outbox's cost.
        const response = await request(hookUrl, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
        });
        await response.body.text();
      }
    }),
  );
  const plainSeconds = (performance.now() - started) / 1000;
  const eventsPerSecond = delivered / deliverySeconds;
  const plainPerSecond = BACKLOG / plainSeconds;
  console.log(
    `Delivery of a backlog (dispatcher and receiver in this process, 16 requests in flight; ${cpuMsPerEvent.toFixed(2)} ms of this process's CPU per event, load average now ${loadavg()[0]!.toFixed(1)}):`,
  );
  table([
    ['', 'per second', 'of ceiling', 'target'],
    [
      `dispatcher: ${fmt(delivered)} events`,
      fmt(eventsPerSecond),
      pct(eventsPerSecond / plainPerSecond),
      `≥ ${fmt(TARGETS.eventsPerSecond)}/s`,
    ],
    [`ceiling: ${fmt(BACKLOG)} plain POSTs`, fmt(plainPerSecond), '100 %', ''],
  ]);
  await sql`update webhook_endpoints set enabled = false where shop_id = 'bench'`.execute(ctx.db);

  // 2. and 3. Sales with webhooks off and on, on the real server: first one process serving and
  // dispatching, then the layout docs/operations.md gives for more load, an API process started
  // with --no-jobs beside a process that runs the jobs (and gets no requests).
  const key = (await createApiKey(ctx, { shopId: 'bench', name: 'Bench', readOnly: false })).key;
  for (const layout of LAYOUTS) {
    const api = await startServer(database.url, layout === 'split' ? ['--no-jobs'] : []);
    servers.push(api);
    if (layout === 'split') servers.push(await startServer(database.url));
    await salesOffAndOn(api, key, layout, servers[1]);
    for (const s of servers.splice(0)) s.child.kill();
  }
} finally {
  for (const s of servers) s.child.kill();
  receiver.closeAllConnections();
  receiver.close();
  await database.close();
}

/**
 * Sales with the endpoint disabled and enabled in turn (off, on, on, off, …: a table that grows or
 * a vacuum that starts during the runs weighs on both sides alike), each run's CPU per sale by
 * process, and the outbox's size while they run.
 */
async function salesOffAndOn(api: Server, key: string, layout: Layout, jobs?: Server) {
  const health = await load(api.url, [{ method: 'GET', path: '/health' }], Math.ceil(SECONDS / 2));
  // Sales for a while first, then statistics, as the service's statistics job would have them in a
  // shop that sells: planned on an empty orders table, each order line's foreign key check read
  // the orders sequentially (auto_explain: 35 checks, 36 ms of a 42 ms statement), and the first
  // runs measured that rather than the webhooks.
  await load(api.url, salesRequests(key, `${layout}-warm-up`), Math.ceil(SECONDS / 2));
  await analyzeTables(ctx.db);
  const runs: Record<'off' | 'on', SalesRun[]> = { off: [], on: [] };
  const sizes: string[] = [];
  let onEvents = 0;
  let drainSeconds = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
      await sql`update webhook_endpoints set enabled = ${side === 'on'} where shop_id = 'bench'`.execute(
        ctx.db,
      );
      const before = received;
      const sampler =
        side === 'on'
          ? setInterval(() => void openDeliveries().then((n) => sizes.push(fmt(n))), 1000)
          : undefined;
      const cpu = measureCpuShares(api.child.pid!);
      const jobsCpu = jobs ? measureCpuShares(jobs.child.pid!) : undefined;
      const result = await load(api.url, salesRequests(key, `${layout}-${side}${round}`), SECONDS);
      const shares = cpu();
      const jobsCores = jobsCpu?.().server ?? 0;
      clearInterval(sampler);
      const drainStarted = performance.now();
      while ((await openDeliveries()) > 0 && performance.now() - drainStarted < 60_000) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      if (side === 'on') {
        drainSeconds = Math.max(drainSeconds, (performance.now() - drainStarted) / 1000);
        onEvents += received - before;
      }
      runs[side].push({ ...result, ...perSale(shares, jobsCores, result.rps) });
    }
  }
  const off = summary(runs.off);
  const on = summary(runs.on);
  const where =
    layout === 'one'
      ? 'one process serving and dispatching'
      : 'an API process (--no-jobs) and a jobs process beside it';
  console.log(
    `\nPOST /v1/sales, ${CONNECTIONS} connections, ${ROUNDS} runs of ${SECONDS} s a side, alternating; ${where}; medians:`,
  );
  table([
    [
      '',
      'req/s',
      'p99 ms',
      'non-2xx',
      'of ceiling',
      'on / off',
      'CPU ms per sale: API',
      'jobs process',
      'PostgreSQL',
      'bench',
    ],
    [
      'GET /health (ceiling)',
      fmt(health.rps),
      String(health.p99),
      String(health.non2xx),
      '100 %',
      ...Array<string>(5).fill(''),
    ],
    ['sales, webhooks off', ...salesCells(off, health.rps), '', ...cpuCells(off)],
    [
      'sales, webhooks on',
      ...salesCells(on, health.rps),
      `${pct(on.rps / off.rps)} (target ≥ ${pct(TARGETS.salesRatio)})`,
      ...cpuCells(on),
    ],
  ]);
  console.log(
    `  each run's req/s: off ${runs.off.map((r) => fmt(r.rps)).join(', ')}; on ${runs.on.map((r) => fmt(r.rps)).join(', ')}`,
  );
  console.log(
    `  open deliveries in the outbox, each second of the runs with webhooks on: ${sizes.join(', ')}`,
  );
  console.log(
    `  events delivered: ${fmt(onEvents)} (${fmt(runs.on.reduce((n, r) => n + r.total, 0))} sales with webhooks on); the outbox drained at most ${drainSeconds.toFixed(1)} s after a run stopped, ${fmt(await openDeliveries())} left`,
  );
}

async function seed() {
  await benchShop(ctx, 'bench');
  // Far above what the load sends: every request still takes a token, none is refused.
  await setShopApiRateLimit(ctx, 'bench', { perSecond: 1_000_000, burst: 1_000_000 });
  const now = systemClock.now();
  // The fixture straight into the tables: not what is measured.
  await sql`insert into customers (shop_id, id, email, registered_at, created_at, updated_at)
    select 'bench', 'm' || i, 'm' || i || '@example.com', ${now}, ${now}, ${now} from generate_series(0, ${MEMBERS - 1}) i`.execute(
    ctx.db,
  );
  await sql`insert into members (shop_id, customer_id, join_source, joined_at)
    select 'bench', 'm' || i, 'registration', ${now} from generate_series(0, ${MEMBERS - 1}) i`.execute(
    ctx.db,
  );
  await sql`insert into member_balances (shop_id, customer_id, balance, updated_at)
    select 'bench', 'm' || i, 0, ${now} from generate_series(0, ${MEMBERS - 1}) i`.execute(ctx.db);
  await analyzeTables(ctx.db);
}

/** A backlog of points.credited events, one per member at most, written set-based (the fixture). */
async function fillOutbox(endpointId: string, count: number) {
  const now = systemClock.now();
  await sql`insert into webhook_deliveries (shop_id, endpoint_id, event_id, event_type, customer_id, payload, created_at, next_attempt_at)
    select 'bench', ${endpointId}, 'evt_bench' || i, 'points.credited', 'm' || (i % ${MEMBERS}),
      jsonb_build_object('id', 'evt_bench' || i, 'type', 'points.credited', 'timestamp', ${now.toISOString()}::text, 'shop', 'bench',
        'data', jsonb_build_object('customerId', 'm' || (i % ${MEMBERS}), 'points', 10, 'kind', 'purchase', 'balance', 10)),
      ${now}, ${now}
    from generate_series(0, ${count - 1}) i`.execute(ctx.db);
}

async function openDeliveries(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from webhook_deliveries
    where status in ('pending', 'sending')`.execute(ctx.db);
  return rows[0]!.n;
}

function salesRequests(key: string, run: string): autocannon.Request[] {
  let order = 0;
  return [
    {
      method: 'POST',
      path: '/v1/sales',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      setupRequest: (request) => {
        const n = order++;
        request.body = JSON.stringify({
          id: `sale-${run}-${n}`,
          customerId: `m${n % MEMBERS}`,
          storeVersionId: 'web',
          loggedIn: true,
          placedAt: new Date().toISOString(),
          lines: [{ productId: 'boots', quantity: 1, unitPriceCents: 12990 }],
        });
        return request;
      },
    },
  ];
}

async function load(url: string, requests: autocannon.Request[], seconds: number) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, requests });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

type SalesRun = Awaited<ReturnType<typeof load>> & ReturnType<typeof perSale>;

/** Milliseconds of each side's CPU per sale: the cores it used divided by the sales per second. */
function perSale(shares: CpuShares, jobsCores: number, rps: number) {
  const ms = (cores: number) => (rps > 0 ? (cores * 1000) / rps : 0);
  return {
    serverMs: ms(shares.server),
    jobsMs: ms(jobsCores),
    postgresMs: ms(shares.postgres),
    benchMs: ms(shares.loadGenerator),
  };
}

/** Each figure's median over the runs of a side. */
function summary(runs: SalesRun[]) {
  const of = (pick: (r: SalesRun) => number) => median(runs.map(pick));
  return {
    rps: of((r) => r.rps),
    p99: of((r) => r.p99),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    serverMs: of((r) => r.serverMs),
    jobsMs: of((r) => r.jobsMs),
    postgresMs: of((r) => r.postgresMs),
    benchMs: of((r) => r.benchMs),
  };
}

function salesCells(s: ReturnType<typeof summary>, ceiling: number): string[] {
  return [fmt(s.rps), String(s.p99), String(s.non2xx), pct(s.rps / ceiling)];
}

function cpuCells(s: ReturnType<typeof summary>): string[] {
  return [s.serverMs, s.jobsMs, s.postgresMs, s.benchMs].map((ms) => ms.toFixed(2));
}

function pct(ratio: number): string {
  return `${Math.round(ratio * 100)} %`;
}

function table(rows: string[][]) {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const row of rows)
    console.log(
      `  ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')}`,
    );
}
