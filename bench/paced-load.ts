// An open-loop load at a fixed rate, for "serves N req/s with p99 ≤ M ms" targets.
//
// A closed-loop generator (autocannon, 50 connections) measures the latency of a saturated server,
// which is mostly waiting in line: connections ÷ rate. Its rate option sends each second's share in
// a burst at the second's start, so its p99 is the burst's queue. Here requests leave evenly spaced,
// whether or not earlier ones were answered, and each latency is counted from when its request was
// due to leave, so a server that falls behind shows it (no coordinated omission).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { type Dispatcher, Pool } from 'undici';

export interface PacedRequest {
  method: Dispatcher.HttpMethod;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface PacedResult {
  /** Answers per second over the run, from the first request's due time to the last answer. */
  rps: number;
  p50: number;
  p99: number;
  /** p99 of how late requests left the generator (its own stalls, counted in p99 above). */
  sendLagP99: number;
  /** p99 from when each request actually left, to its answer. */
  sentP99: number;
  non2xx: number;
  errors: number;
  total: number;
}

export async function pacedLoad(
  urls: string[],
  options: { rate: number; seconds: number; connections: number; next: () => PacedRequest },
): Promise<PacedResult> {
  // Several servers share the requests in turn, as a load balancer would, each with its own pool.
  const pools = urls.map((url) => ({ url, pool: new Pool(url, { connections: options.connections }) }));
  const latencies: number[] = [];
  const fromSent: number[] = [];
  const lags: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const total = Math.round(options.rate * options.seconds);
  const answers: Promise<void>[] = [];
  const start = performance.now();
  // Request n is due n / rate seconds after the start, whenever it actually leaves.
  const send = (n: number) => {
    const due = start + (n * 1000) / options.rate;
    const request = options.next();
    const { url, pool } = pools[n % pools.length]!;
    const sentAt = performance.now();
    lags.push(sentAt - due);
    return pool
      .request({ origin: url, ...request })
      .then(async (response) => {
        await response.body.dump();
        if (response.statusCode < 200 || response.statusCode > 299) non2xx++;
        const answeredAt = performance.now();
        latencies.push(answeredAt - due);
        fromSent.push(answeredAt - sentAt);
      })
      .catch(() => {
        errors++;
      });
  };
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * options.rate) / 1000));
      for (; sent < due; sent++) answers.push(send(sent));
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(answers);
  const elapsed = (performance.now() - start) / 1000;
  await Promise.all(pools.map(({ pool }) => pool.close()));
  return {
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    sendLagP99: percentile(lags, 0.99),
    sentP99: percentile(fromSent, 0.99),
    non2xx,
    errors,
    total: latencies.length,
  };
}

/** The value below which a share `p` of the values lie, in ms to a tenth. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1));
}

/**
 * `pacedLoad` from a process of its own, cycling through `requests` in turn. A benchmark's own
 * process holds large heaps (seeded data, earlier runs' results), and its pauses counted as the
 * server's latency: GET /health paced at 5,000/s measured p99 37 ms from inside bench:api, 7 ms
 * from a fresh process against the same kind of server.
 */
export async function pacedLoadApart(
  urls: string[],
  options: { rate: number; seconds: number; connections: number; requests: PacedRequest[] },
): Promise<PacedResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...urls], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin!.end(JSON.stringify(options));
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`The paced load's process exited with ${code}`);
  return JSON.parse(out) as PacedResult;
}

// Run as a process of its own by pacedLoadApart: the options on stdin, the result on stdout.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const { requests, ...options } = JSON.parse(input) as Parameters<typeof pacedLoadApart>[1];
  let turn = 0;
  const next = () => requests[turn++ % requests.length]!;
  // Two seconds first, not counted: this process's code and its connections warm up.
  const urls = process.argv.slice(2);
  await pacedLoad(urls, { ...options, seconds: 2, next });
  process.stdout.write(JSON.stringify(await pacedLoad(urls, { ...options, next })));
}
