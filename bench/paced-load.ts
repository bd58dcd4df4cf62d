// An open-loop load at a fixed rate, for "serves N req/s with p99 ≤ M ms" targets.
//
// A closed-loop generator (autocannon, 50 connections) measures the latency of a saturated server,
// which is mostly waiting in line: connections ÷ rate. Its rate option sends each second's share in
// a burst at the second's start, so its p99 is the burst's queue. Here requests leave evenly spaced,
// whether or not earlier ones were answered, and each latency is counted from when its request was
// due to leave, so a server that falls behind shows it (no coordinated omission).
import { performance } from 'node:perf_hooks';
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
  non2xx: number;
  errors: number;
  total: number;
}

export async function pacedLoad(
  url: string,
  options: { rate: number; seconds: number; connections: number; next: () => PacedRequest },
): Promise<PacedResult> {
  const pool = new Pool(url, { connections: options.connections });
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const total = Math.round(options.rate * options.seconds);
  const answers: Promise<void>[] = [];
  const start = performance.now();
  const send = (due: number) => {
    const request = options.next();
    return pool
      .request({ origin: url, ...request })
      .then(async (response) => {
        await response.body.dump();
        if (response.statusCode < 200 || response.statusCode > 299) non2xx++;
        latencies.push(performance.now() - due);
      })
      .catch(() => {
        errors++;
      });
  };
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * options.rate) / 1000));
      for (; sent < due; sent++) answers.push(send(start + (sent * 1000) / options.rate));
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(answers);
  const elapsed = (performance.now() - start) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    rps: latencies.length / elapsed,
    p50: Number(percentile(0.5).toFixed(1)),
    p99: Number(percentile(0.99).toFixed(1)),
    non2xx,
    errors,
    total: latencies.length,
  };
}
