/**
 * Slows down password guessing: after `limit` failed sign-ins for one shop and address, or
 * five times as many from one client address, further tries are refused until the window has
 * passed. Kept in memory: a restart forgets it, which only helps a guesser by one window.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly options = { limit: 10, windowMs: 15 * 60_000, maxKeys: 50_000 }) {}

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((t) => now - t < this.options.windowMs);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  blocked(account: string, client: string, now: Date): boolean {
    const t = now.getTime();
    return (
      this.recent(`a:${account}`, t).length >= this.options.limit ||
      this.recent(`c:${client}`, t).length >= this.options.limit * 5
    );
  }

  /** Seconds until a blocked sign-in may be tried again (0 when it is not blocked). */
  retryAfterSeconds(account: string, client: string, now: Date): number {
    const t = now.getTime();
    let until = 0;
    for (const [key, limit] of [
      [`a:${account}`, this.options.limit],
      [`c:${client}`, this.options.limit * 5],
    ] as const) {
      const recent = this.recent(key, t);
      // Blocked until enough of the failures have left the window to bring them under the limit.
      if (recent.length >= limit)
        until = Math.max(until, recent[recent.length - limit]! + this.options.windowMs);
    }
    return until > t ? Math.ceil((until - t) / 1000) : 0;
  }

  failed(account: string, client: string, now: Date): void {
    const t = now.getTime();
    for (const key of [`a:${account}`, `c:${client}`]) {
      const kept = [...this.recent(key, t), t];
      // Deleted and set again so that the map's order is the order of last failure.
      this.failures.delete(key);
      this.failures.set(key, kept);
    }
    // A flood of new keys pushes out the ones that failed longest ago, never the whole memory:
    // clearing everything would hand a guesser a fresh budget for the account under attack.
    for (const key of this.failures.keys()) {
      if (this.failures.size <= this.options.maxKeys) break;
      this.failures.delete(key);
    }
  }

  succeeded(account: string): void {
    this.failures.delete(`a:${account}`);
  }
}
