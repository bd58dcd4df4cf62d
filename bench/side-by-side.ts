// Benchmarks of an older commit and of this working tree side by side, on the same PostgreSQL
// server in one run: each chosen benchmark runs alternately in a worktree of the old revision and
// in this folder, or in a worktree of --new <rev> (old, new, then new, old, and so on for N rounds),
// each run as its own
// `npm run bench:<name>` with the same environment but for its side's databases. Every round's
// figures are printed, then the medians with the change and a verdict against a 5 % threshold.
//
//   npm run bench:compare -- <old-rev> [--rounds N] [--only ledger,api,monthly,simulate] [--new <rev>] [--echo]
//   (or: node --import tsx bench/side-by-side.ts <old-rev> …)
//
// The new side is this working tree as it is, uncommitted changes included; --new HEAD measures
// the last commit instead, in a worktree of its own. --echo shows each benchmark's output as it
// runs; either way it is kept in a log folder.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  enterSide,
  fixedDatabaseNames,
  leaveSide,
  restoreOwn,
  sideDatabaseUrl,
} from './side-by-side-databases.ts';
import { BENCHMARKS, type Benchmark, type Figure, PARSERS } from './side-by-side-figures.ts';
import { describeFolder, revisionFolder, runBenchmark, type Side, scriptLine } from './side-by-side-run.ts';

const THRESHOLD = 5;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '3' },
    only: { type: 'string' },
    new: { type: 'string' },
    echo: { type: 'boolean', default: false },
  },
});
const rev = positionals[0];
const rounds = Number(values.rounds);
const chosen = (values.only?.split(',').map((name) => name.trim()) ?? [...BENCHMARKS]) as Benchmark[];
if (!rev || positionals.length > 1 || !Number.isInteger(rounds) || rounds < 1) {
  console.error(
    'usage: npm run bench:compare -- <old-rev> [--rounds N] [--only ledger,api,monthly,simulate] [--new <rev>]',
  );
  process.exit(2);
}
for (const name of chosen) {
  if (!BENCHMARKS.includes(name)) {
    console.error(`unknown benchmark ${name}; choose from ${BENCHMARKS.join(', ')}`);
    process.exit(2);
  }
}

const here = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const old = revisionFolder(here, rev, 'old');
const current = values.new ? revisionFolder(here, values.new, 'new').folder : here;
const folders: Record<Side, string> = { old: old.folder, new: current };
const now = describeFolder(current);
const logs = join(tmpdir(), `bench-compare-${new Date().toISOString().replaceAll(/[:.]/g, '-')}`);
mkdirSync(logs, { recursive: true });
const env: Record<Side, NodeJS.ProcessEnv> = {
  old: { ...process.env, BENCH_DATABASE_URL: await sideDatabaseUrl('old') },
  new: { ...process.env, BENCH_DATABASE_URL: await sideDatabaseUrl('new') },
};

console.log(`old: ${old.commit} in ${old.folder}`);
console.log(
  `new: ${now.commit} in ${current}${now.uncommitted ? ` plus uncommitted changes in ${now.uncommitted} tracked files` : ''}`,
);
console.log(`${rounds} round(s) of ${chosen.join(', ')}; each run's full output goes to ${logs}`);
console.log(`BENCH_DATABASE_URL: old ${env.old.BENCH_DATABASE_URL}, new ${env.new.BENCH_DATABASE_URL}\n`);

let interrupted = false;
process.on('SIGINT', () => {
  // The benchmark in the same process group gets the signal too; stop after it ends.
  interrupted = true;
});

interface Run {
  side: Side;
  round: number;
  seconds: number;
  load: string;
  figures: Figure[];
}
const results = new Map<Benchmark, Run[]>();
const failures: string[] = [];

for (const bench of chosen) {
  const script = `bench:${bench}`;
  const fixed = new Set<string>();
  for (const side of ['old', 'new'] as const) {
    const line = scriptLine(folders[side], script);
    const file = /\bbench\/\S+\.ts/.exec(line)?.[0];
    if (file)
      for (const name of fixedDatabaseNames(readFileSync(join(folders[side], file), 'utf8'))) fixed.add(name);
  }
  const names = [...fixed];
  if (names.length) console.log(`${script}: each side gets its own ${names.join(', ')}`);
  const runs: Run[] = [];
  results.set(bench, runs);
  try {
    for (let round = 1; round <= rounds && !interrupted; round++) {
      const order: Side[] = round % 2 === 1 ? ['old', 'new'] : ['new', 'old'];
      for (const side of order) {
        if (interrupted) break;
        const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0]!;
        await enterSide(names, side);
        let result: Awaited<ReturnType<typeof runBenchmark>>;
        try {
          result = await runBenchmark(folders[side], script, env[side], values.echo);
        } finally {
          await leaveSide(names, side);
        }
        const log = join(logs, `${bench}-round${round}-${side}.txt`);
        writeFileSync(log, result.output);
        const took = `${result.seconds.toFixed(0)} s`;
        if (result.status !== 0) {
          const tail = result.output.trimEnd().split('\n').slice(-15).join('\n');
          throw new Error(
            `${script} (${side}) exited with ${result.status} after ${took}; see ${log}:\n${tail}`,
          );
        }
        const figures = PARSERS[bench](result.stdout);
        runs.push({ side, round, seconds: result.seconds, load, figures });
        const headline = figures
          .filter((figure) => figure.headline)
          .map((figure) => `${figure.name} ${show(figure.value, figure.unit)}`)
          .join('; ');
        console.log(`${script} round ${round} ${side}: ${took} (load average ${load} at start): ${headline}`);
      }
    }
  } catch (error) {
    failures.push(`${script}: ${(error as Error).message}`);
    console.error(`\n${script} stopped: ${(error as Error).message}\n`);
  }
  await restoreOwn(names);
  if (interrupted) break;
}

report();
if (failures.length || interrupted) process.exit(1);

function show(value: number, unit: Figure['unit']): string {
  if (unit === 'ratio') return value.toFixed(3);
  if (unit === 'percent') return `${value.toFixed(1)} %`;
  if (unit === 'ms') return `${value.toFixed(1)} ms`;
  return `${Math.round(value).toLocaleString('en-US')}/s`;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** How much slower `now` is than `before`, in per cent (negative: faster). */
function slowdown(before: number, now: number, better: Figure['better']): number {
  return better === 'higher' ? (100 * (before - now)) / before : (100 * (now - before)) / before;
}

function verdict(slower: number): string {
  if (slower > THRESHOLD) return `slower by ${slower.toFixed(1)} %`;
  if (slower < -THRESHOLD) return `faster by ${(-slower).toFixed(1)} %`;
  return `within ${THRESHOLD} %`;
}

function table(rows: string[][], right: number[]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows) {
    console.log(
      row
        .map((cell, i) => (right.includes(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    );
  }
}

function report(): void {
  const summary: string[][] = [['benchmark', 'figure', 'old (median)', 'new (median)', 'change', 'verdict']];
  const raw: string[][] = [['benchmark', 'figure', 'side', 'every round, in order', 'spread']];
  const durations: string[][] = [['benchmark', 'side', 'seconds per run, round by round']];
  const noisy: string[] = [];
  const slower: string[] = [];
  for (const [bench, runs] of results) {
    for (const side of ['old', 'new'] as const) {
      const mine = runs.filter((run) => run.side === side).sort((a, b) => a.round - b.round);
      durations.push([bench, side, mine.map((run) => `${run.seconds.toFixed(0)}`).join(', ')]);
    }
    const names = [...new Set(runs.flatMap((run) => run.figures.map((figure) => figure.name)))];
    for (const name of names) {
      const series = (side: Side) =>
        runs
          .filter((run) => run.side === side)
          .sort((a, b) => a.round - b.round)
          .map((run) => run.figures.find((figure) => figure.name === name))
          .filter((figure): figure is Figure => figure !== undefined);
      const before = series('old');
      const after = series('new');
      const sample = before[0] ?? after[0]!;
      const label = `${sample.headline ? '* ' : '  '}${name}`;
      for (const [side, figures] of [
        ['old', before],
        ['new', after],
      ] as const) {
        if (!figures.length) continue;
        const xs = figures.map((figure) => figure.value);
        const spread = (100 * (Math.max(...xs) - Math.min(...xs))) / median(xs);
        if (xs.length > 1 && spread > THRESHOLD)
          noisy.push(`${bench} ${name} (${side}): rounds differ by ${spread.toFixed(1)} % of the median`);
        raw.push([
          bench,
          label,
          side,
          xs.map((x) => show(x, sample.unit)).join(', '),
          xs.length > 1 ? `${spread.toFixed(1)} %` : '-',
        ]);
      }
      if (!before.length || !after.length) {
        summary.push([bench, label, '-', '-', '-', 'not measured on both sides']);
        continue;
      }
      const oldMedian = median(before.map((figure) => figure.value));
      const newMedian = median(after.map((figure) => figure.value));
      const change = (100 * (newMedian - oldMedian)) / oldMedian;
      const slow = slowdown(oldMedian, newMedian, sample.better);
      if (sample.headline && slow > THRESHOLD) slower.push(`${bench}: ${name}`);
      summary.push([
        bench,
        label,
        show(oldMedian, sample.unit),
        show(newMedian, sample.unit),
        `${change >= 0 ? '+' : ''}${change.toFixed(1)} %`,
        verdict(slow),
      ]);
    }
  }
  console.log('\nEvery round (the medians below are over all of these; nothing is left out):');
  table(raw, []);
  console.log('\nSeconds per benchmark run (including its own data generation and warm-up):');
  table(durations, []);
  console.log(
    `\nOld ${old.commit.slice(0, 10)} against new ${now.commit.slice(0, 10)}${now.uncommitted ? ' (with uncommitted changes)' : ''}, medians of ${rounds} round(s).`,
  );
  console.log(
    'Rates: higher is better; times (ms): lower is better. * = headline figure (a ratio to the ceiling measured in',
  );
  console.log(
    'the same run where the benchmark has one, otherwise its own rate or time); the others are context.\n',
  );
  table(summary, [2, 3, 4]);
  console.log('');
  if (noisy.length) {
    console.log(
      `Figures whose rounds on one side differ by more than ${THRESHOLD} % (the verdict is no finer than that):`,
    );
    for (const line of noisy) console.log(`  ${line}`);
  }
  for (const failure of failures) console.log(`Not completed: ${failure.split('\n')[0]}`);
  if (interrupted) console.log('Interrupted: the figures above are of the runs that finished.');
  console.log(
    slower.length
      ? `Headline figures slower by more than ${THRESHOLD} %: ${slower.join('; ')}`
      : `No headline figure is slower by more than ${THRESHOLD} %.`,
  );
}
