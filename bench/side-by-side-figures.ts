// The headline figures of each benchmark, read from what it prints. Each parser follows the
// benchmark's own output format (bench/<name>.bench.ts); a line it cannot find is an error, so a
// changed format shows up instead of a silently missing figure.

export interface Figure {
  /** What the figure is, as the table shows it. */
  name: string;
  value: number;
  unit: 'per-s' | 'ratio' | 'percent' | 'ms';
  /** Whether a larger value is the better one (a rate) or the worse one (a time). */
  better: 'higher' | 'lower';
  /**
   * A figure the verdict rests on: a ratio to a ceiling measured in the same run where the
   * benchmark has one (the machine's speed drifts between runs; the ratio much less), otherwise
   * the benchmark's own throughput or time. Other figures are shown for context.
   */
  headline: boolean;
}

export const BENCHMARKS = ['ledger', 'api', 'monthly', 'simulate'] as const;
export type Benchmark = (typeof BENCHMARKS)[number];

const number = (text: string) => Number(text.replaceAll(',', ''));

function match(output: string, pattern: RegExp, what: string): RegExpExecArray {
  const found = pattern.exec(output);
  if (!found) throw new Error(`no ${what} in the output (looked for ${pattern})`);
  return found;
}

/** bench:ledger: the use case on PostgreSQL against a single-row INSERT on the same server, and PGlite. */
function ledger(output: string): Figure[] {
  const useCase = number(
    match(output, /^PostgreSQL\s+orders \(use case\)\s+([\d,]+) \/s/m, 'use case rate')[1]!,
  );
  const ceiling = number(
    match(output, /^PostgreSQL\s+single-row INSERT\s+([\d,]+) \/s/m, 'INSERT ceiling')[1]!,
  );
  const pglite = number(match(output, /^PGlite\s+orders \(use case\)\s+([\d,]+) \/s/m, 'PGlite rate')[1]!);
  return [
    // The bench prints this ratio to two decimals; computed here from the two rates it is finer.
    {
      name: 'PostgreSQL orders / INSERT ceiling',
      value: useCase / ceiling,
      unit: 'ratio',
      better: 'higher',
      headline: true,
    },
    { name: 'PostgreSQL orders/s', value: useCase, unit: 'per-s', better: 'higher', headline: false },
    {
      name: 'PostgreSQL INSERT/s (ceiling)',
      value: ceiling,
      unit: 'per-s',
      better: 'higher',
      headline: false,
    },
    { name: 'PGlite orders/s (no ceiling)', value: pglite, unit: 'per-s', better: 'higher', headline: true },
  ];
}

/**
 * bench:api: the first table (per-key rate limit on, as shipped): each route's req/s and its share
 * of GET /health on the same server in the same run, computed from the req/s column (the table's
 * own "of ceiling" is rounded to whole per cent). Routes left out with BENCH_ONLY print 0 and are skipped.
 */
function api(output: string): Figure[] {
  const lines = output.split('\n');
  const header = lines.findIndex((line) => /^route\s+req\/s\s+p50 ms/.test(line));
  if (header < 0) throw new Error('no route table in the output');
  const rows: { route: string; rps: number }[] = [];
  for (const line of lines.slice(header + 1)) {
    if (line.trim() === '') break;
    // The route's name is padded to 38 characters; req/s follows.
    const rps = /^\s*([\d,]+)\s/.exec(line.slice(38));
    if (!rps) throw new Error(`cannot read the route line: ${line}`);
    rows.push({ route: line.slice(0, 38).trim(), rps: number(rps[1]!) });
  }
  const ceiling = rows.find((row) => row.route.includes('(ceiling)'));
  if (!ceiling || ceiling.rps === 0) throw new Error('no ceiling route in the table');
  const figures: Figure[] = [
    { name: `${ceiling.route} req/s`, value: ceiling.rps, unit: 'per-s', better: 'higher', headline: false },
  ];
  for (const row of rows) {
    if (row === ceiling || row.rps === 0) continue;
    figures.push(
      {
        name: `${row.route} of ceiling`,
        value: (100 * row.rps) / ceiling.rps,
        unit: 'percent',
        better: 'higher',
        headline: true,
      },
      { name: `${row.route} req/s`, value: row.rps, unit: 'per-s', better: 'higher', headline: false },
    );
  }
  return figures;
}

/** bench:monthly: members converted per second over the whole run, and e-mails delivered per second. */
function monthly(output: string): Figure[] {
  const members = number(match(output, /^\s+members\/s\s+([\d,]+)/m, 'members/s')[1]!);
  const rows = number(match(output, /^\s+rows written\/s\s+([\d,]+)/m, 'rows written/s')[1]!);
  const mails = number(match(output, /: ([\d,]+) messages\/s/, 'messages/s')[1]!);
  return [
    { name: 'monthly run, members/s', value: members, unit: 'per-s', better: 'higher', headline: true },
    { name: 'monthly run, rows written/s', value: rows, unit: 'per-s', better: 'higher', headline: false },
    { name: 'e-mail delivery, messages/s', value: mails, unit: 'per-s', better: 'higher', headline: true },
  ];
}

/** bench:simulate: the estimate's times in process and through the server, and each admin page's median. */
function simulate(output: string): Figure[] {
  const time = (name: string, value: string, headline: boolean): Figure => ({
    name,
    value: Number(value),
    unit: 'ms',
    better: 'lower',
    headline,
  });
  const first = match(
    output,
    /first estimate \(read the history \+ rules\): ([\d.]+) ms/,
    'first estimate',
  )[1]!;
  const re = match(
    output,
    /re-estimate after a settings change \(\d+ runs, server time\): median ([\d.]+) ms, max [\d.]+ ms; CPU median ([\d.]+) ms/,
    're-estimate',
  );
  const serverFirst = match(output, /first view \(reads the history\): ([\d.]+) ms/, 'server first view')[1]!;
  const serverRe = match(
    output,
    /re-estimates \(\d+, server time\): median ([\d.]+) ms/,
    'server re-estimates',
  )[1]!;
  const figures = [
    time('first estimate ms', first, true),
    time('re-estimate median ms', re[1]!, true),
    time('re-estimate CPU median ms', re[2]!, false),
    time('server: settings page first view ms', serverFirst, true),
    time('server: re-estimate median ms', serverRe, true),
  ];
  // Admin pages: "  <name padded to 46> <url padded to 46> first N ms, median N ms".
  for (const line of output.split('\n')) {
    const page = /^ {2}(.{46}) \S.* first\s+\d+ ms, median\s+(\d+) ms/.exec(line);
    if (page) figures.push(time(`page: ${page[1]!.trim()} ms`, page[2]!, false));
  }
  return figures;
}

export const PARSERS: Record<Benchmark, (output: string) => Figure[]> = { ledger, api, monthly, simulate };
