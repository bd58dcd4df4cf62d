import type { AppContext } from '../../app/context.ts';

const MAX_ENTRIES = 10_000;

/**
 * Remembers recent answers of a lookup by id (unknown credentials too) for a few seconds, so a
 * route does not pay a database round trip for each request; concurrent first requests share
 * one lookup. Time comes from the app's clock. The API keys', the storefront secrets' and the
 * shops' storefront origins' caches are this one policy.
 */
export class LookupCache<T> {
  private readonly entries = new Map<string, { lookup: T; until: number }>();
  private readonly pending = new Map<string, Promise<T>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly load: (id: string) => Promise<T>,
    private readonly ttlMs: number,
  ) {}

  /** The remembered answer about this id while it is fresh, without waiting for anything. */
  peek(id: string): T | undefined {
    return this.fresh(id, this.ctx.clock.now().getTime());
  }

  async lookUp(id: string): Promise<T> {
    const now = this.ctx.clock.now().getTime();
    const cached = this.fresh(id, now);
    if (cached !== undefined) return cached;
    const inFlight = this.pending.get(id);
    if (inFlight) return inFlight;
    const lookup = this.load(id).finally(() => this.pending.delete(id));
    this.pending.set(id, lookup);
    const result = await lookup;
    if (this.entries.size >= MAX_ENTRIES) {
      // Map keeps insertion order: drop the oldest answer.
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.delete(id);
    this.entries.set(id, { lookup: result, until: now + this.ttlMs });
    return result;
  }

  private fresh(id: string, now: number): T | undefined {
    const cached = this.entries.get(id);
    return cached && cached.until > now ? cached.lookup : undefined;
  }
}
