import type { RateRule } from './ratelimit-headers.ts';

/**
 * Per-key token buckets in this process's memory.
 *
 * Why a token bucket and not the sliding window of `rate-limiter.ts`: the budget is stated as a
 * rate with a burst ("100 requests a second, 200 at once"), which is exactly a bucket of `burst`
 * tokens refilled at `perSecond`; a window of one second would either refuse a short burst over
 * 100 or, made longer, let a client spend minutes of budget in one go. The bucket also gives the
 * numbers of the RateLimit field directly (tokens left, time to refill) and keeps two numbers
 * per key, updated in place, so the hot path allocates nothing.
 *
 * Memory is bounded: at most `maxKeys` buckets. When that is reached, the buckets that are full
 * again are dropped first (losing nothing: a missing bucket is a full one); if that frees too
 * little, the longest-created tenth goes too (those keys get a full budget back, the price of
 * the bound). Either way a sweep frees at least a tenth, so its cost is spread over many requests.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly maxKeys = 100_000) {}

  /**
   * Takes one token from the key's bucket when it holds one. Returns the tokens left (a
   * fraction while refilling) and whether the request was allowed; the bucket is updated
   * in place.
   */
  take(key: string, rule: RateRule, now: number): Taken {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.buckets.size >= this.maxKeys) this.sweep(now);
      bucket = { tokens: rule.burst, at: now, rule };
      this.buckets.set(key, bucket);
    } else {
      bucket.rule = rule;
      refill(bucket, rule, now);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, tokens: bucket.tokens };
    }
    return { allowed: false, tokens: bucket.tokens };
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number) {
    for (const [key, bucket] of this.buckets) {
      const { perSecond, burst } = bucket.rule;
      if (bucket.tokens + ((now - bucket.at) * perSecond) / 1000 >= burst) this.buckets.delete(key);
    }
    const target = Math.floor(this.maxKeys * 0.9);
    if (this.buckets.size <= target) return;
    for (const key of this.buckets.keys()) {
      this.buckets.delete(key);
      if (this.buckets.size <= target) break;
    }
  }
}

export interface Taken {
  allowed: boolean;
  /** Tokens left after this request (below 1 when none is left). */
  tokens: number;
}

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date, in ms. */
  at: number;
  /** The rule it was last taken under (for the sweep: is it full again?). */
  rule: RateRule;
}

function refill(bucket: Bucket, rule: RateRule, now: number) {
  const elapsed = now - bucket.at;
  if (elapsed > 0) {
    bucket.tokens = Math.min(rule.burst, bucket.tokens + (elapsed * rule.perSecond) / 1000);
    bucket.at = now;
  } else if (bucket.tokens > rule.burst) {
    // The rule was lowered (a shop's override changed): never more than the new burst.
    bucket.tokens = rule.burst;
  }
}
