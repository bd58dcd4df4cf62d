// bench:ledger's workload (delivered orders through recordSale, 8 workers, 200 members) on an older
// commit and on this working tree in one process, in alternating chunks: each side has its own
// database (PGlite, or a schema of its own on PostgreSQL), and the chunks take turns, so that the
// machine's drift (this machine's speed moves by a third within minutes) falls on both alike.
// Separate runs alternated by `bench:compare` spread 20–45 % round to round; two interleaved runs
// of 30 chunks a side agreed within a point.
//
//   npm run bench:ledger-interleaved -- <old-rev> [--db pglite|pg] [--rounds N] [--chunk N]
//
// The old side is a worktree of <old-rev> (made and installed as bench:compare makes it); the new
// side is this folder as it is. On PostgreSQL both use BENCH_DATABASE_URL's server.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LEDGER_BENCH_CUSTOMERS, ledgerBenchOrder } from './ledger-order.ts';
import { revisionFolder } from './side-by-side-run.ts';

const WORKERS = 8;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    db: { type: 'string', default: 'pglite' },
    rounds: { type: 'string', default: '30' },
    chunk: { type: 'string', default: '1000' },
  },
});
const rev = positionals[0];
const rounds = Number(values.rounds);
const chunk = Number(values.chunk);
if (!rev || !['pglite', 'pg'].includes(values.db) || !(rounds >= 2) || !(chunk >= 100)) {
  console.error(
    'usage: npm run bench:ledger-interleaved -- <old-rev> [--db pglite|pg] [--rounds N ≥ 2] [--chunk N ≥ 100]',
  );
  process.exit(2);
}

interface Side {
  label: 'old' | 'new';
  /** Writes the next `chunk` orders; their time in ms. */
  run(): Promise<number>;
  close(): Promise<void>;
}

/**
 * One side, from its own folder's modules: only calls that both versions have (the shop, the
 * program, customers, recordSale and the bench's own helpers) are used.
 */
async function openSide(root: string, label: Side['label']): Promise<Side> {
  const from = (path: string) => import(`${root}/${path}`);
  const { upsertCustomer } = await from('src/app/customers/upsert-customer.ts');
  const { joinProgram } = await from('src/app/members/join-program.ts');
  const { recordSale } = await from('src/app/orders/record-sale.ts');
  const { createShop } = await from('src/app/shops/create-shop.ts');
  const { createProgram, publishProgram } = await from('src/app/program/manage-program.ts');
  const { systemClock } = await from('src/clock.ts');
  const { openPGlite } = await from('src/db/connect.ts');
  const { migrate } = await from('src/db/migrate.ts');
  const { analyzeTables } = await from('src/db/table-statistics.ts');
  const { runConcurrently, benchPostgres } = await from('bench/support.ts');

  const handle = values.db === 'pg' ? await benchPostgres(WORKERS) : await openPGlite(undefined);
  if (values.db === 'pglite') await migrate(handle.db, new Date());
  const ctx = { db: handle.db, clock: systemClock };
  await createShop(ctx, {
    id: 'bench',
    name: 'Bench',
    storeVersions: [{ id: 'web', name: 'Web', requiresLogin: false }],
  });
  await createProgram(ctx, 'bench', { storeVersionIds: ['web'], joinPoints: 10 });
  await publishProgram(ctx, 'bench');
  for (let i = 0; i < LEDGER_BENCH_CUSTOMERS; i++) {
    await upsertCustomer(ctx, { shopId: 'bench', customerId: `c${i}`, registeredAt: ctx.clock.now() });
    await joinProgram(ctx, { shopId: 'bench', customerId: `c${i}`, source: 'registration' });
  }
  // The warm-up and statistics of bench:ledger.
  await runConcurrently(500, WORKERS, (i: number) => recordSale(ctx, ledgerBenchOrder(i, 'warm')));
  await analyzeTables(ctx.db);
  let written = 0;
  return {
    label,
    async run() {
      const first = written;
      written += chunk;
      const started = performance.now();
      await runConcurrently(chunk, WORKERS, (i: number) =>
        recordSale(ctx, ledgerBenchOrder(first + i, 'bench')),
      );
      return performance.now() - started;
    },
    close: () => handle.close(),
  };
}

const here = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const old = revisionFolder(here, rev, 'old');
console.log(`old: ${old.commit} in ${old.folder}; new: this folder (${here})`);
const sides = [await openSide(old.folder, 'old'), await openSide(here, 'new')];
const times: Record<Side['label'], number[]> = { old: [], new: [] };
for (let round = 0; round < rounds; round++) {
  // Each side goes first every other round.
  for (const side of round % 2 === 0 ? sides : [...sides].reverse()) times[side.label].push(await side.run());
}
for (const side of sides) await side.close();

const rate = (ms: number[]) => (ms.length * chunk * 1000) / ms.reduce((a, b) => a + b, 0);
const change = (ratio: number) => `${ratio >= 1 ? '+' : ''}${(100 * (ratio - 1)).toFixed(1)} %`;
const perRound = times.old.map((ms, i) => ms / times.new[i]!).sort((a, b) => a - b);
console.log(`${values.db}: ${rounds} rounds of ${chunk.toLocaleString('en-US')} orders a side, interleaved`);
console.log(
  `  orders/s: old ${Math.round(rate(times.old)).toLocaleString('en-US')}, new ${Math.round(rate(times.new)).toLocaleString('en-US')}, change ${change(rate(times.new) / rate(times.old))}`,
);
console.log(
  `  new against old, round by round: median ${change(perRound[perRound.length >> 1]!)}, from ${change(perRound[0]!)} to ${change(perRound.at(-1)!)}`,
);
