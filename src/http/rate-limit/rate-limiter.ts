import { advance, hitWindow, type WindowState } from './sliding-window.ts';

export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface Limit {
  /** Requests allowed per window; below 1,000 (counts are kept in 10 bits). */
  limit: number;
  windowMs: number;
}

/** Keys kept at most, per limiter: about 100 bytes each. */
const MAX_KEYS = 250_000;
const COUNT_RANGE = 1024;
const WINDOW_FACTOR = COUNT_RANGE * COUNT_RANGE;

/**
 * Counts requests per key in this process's memory. Several service processes would each count
 * on their own (a client could then make N times the requests); a shared store would fix that.
 *
 * Memory stays bounded under any traffic: each key's window is packed into one number, keys are
 * kept in order of their last request, and beyond MAX_KEYS the longest idle one is dropped. A
 * dropped key had no request while MAX_KEYS others came in, so at realistic rates it was far
 * from its limit.
 */
export class RateLimiter {
  private readonly windows = new Map<string, number>();
  private hitsSinceSweep = 0;

  constructor(
    private readonly rule: Limit,
    private readonly maxKeys = MAX_KEYS,
  ) {
    if (rule.limit >= COUNT_RANGE - 1) throw new RangeError('A rate limit must be below 1,023');
  }

  /** Counts one request; when it is over the limit, says after how many seconds to retry. */
  hit(key: string, now: number): Verdict {
    const verdict = this.check(key, now);
    if (verdict.allowed) this.record(key, now);
    return verdict;
  }

  /** Whether one more request would be allowed now, without counting it. */
  check(key: string, now: number): Verdict {
    this.tick(now);
    const packed = this.windows.get(key);
    if (packed === undefined) return { allowed: true };
    const decision = hitWindow(this.unpack(packed), now, this.rule.limit, this.rule.windowMs);
    if (decision.allowed) return { allowed: true };
    // A key that keeps being refused is in use: it moves to the end, away from eviction.
    this.windows.delete(key);
    this.windows.set(key, this.pack(decision.state));
    return { allowed: false, retryAfterSeconds: Math.ceil(decision.retryAfterMs / 1000) };
  }

  /** Counts one request (even one over the limit: the count only saturates). */
  record(key: string, now: number): void {
    const packed = this.windows.get(key);
    const state = advance(packed === undefined ? undefined : this.unpack(packed), now, this.rule.windowMs);
    // Delete first so that the key moves to the end: the map stays in order of last request.
    if (packed !== undefined) this.windows.delete(key);
    else if (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
    this.windows.set(key, this.pack({ ...state, current: state.current + 1 }));
  }

  get size(): number {
    return this.windows.size;
  }

  /** Every 10,000 requests, allowed or not, idle keys are swept out. */
  private tick(now: number) {
    if (++this.hitsSinceSweep >= 10_000) this.sweep(now);
  }

  /** Forgets keys whose windows no longer count; they are the oldest, at the front. */
  private sweep(now: number) {
    this.hitsSinceSweep = 0;
    for (const [key, packed] of this.windows) {
      if (now - this.unpack(packed).start < 2 * this.rule.windowMs) break;
      this.windows.delete(key);
    }
  }

  private pack(s: WindowState): number {
    const counts = Math.min(s.previous, COUNT_RANGE - 1) * COUNT_RANGE + Math.min(s.current, COUNT_RANGE - 1);
    return (s.start / this.rule.windowMs) * WINDOW_FACTOR + counts;
  }

  private unpack(packed: number): WindowState {
    const counts = packed % WINDOW_FACTOR;
    return {
      start: ((packed - counts) / WINDOW_FACTOR) * this.rule.windowMs,
      previous: Math.floor(counts / COUNT_RANGE),
      current: counts % COUNT_RANGE,
    };
  }
}
