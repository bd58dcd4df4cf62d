import { type KeyLookup, lookUpApiKey } from '../../app/api-keys/authenticate-api-key.ts';
import { hashApiKey } from '../../app/api-keys/key-format.ts';
import type { AppContext } from '../../app/context.ts';

/** How long an answer about a key is reused: a revoked key stops working within this time. */
export const KEY_CACHE_MS = 10_000;
const MAX_ENTRIES = 10_000;

/**
 * Remembers recent key lookups (unknown keys too) for a few seconds, so the hot routes do not
 * pay a database round trip for authentication; concurrent first requests share one lookup.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, { lookup: KeyLookup; until: number }>();
  private readonly pending = new Map<string, Promise<KeyLookup>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly ttlMs = KEY_CACHE_MS,
  ) {}

  /** The remembered answer about this key while it is fresh, without waiting for anything. */
  peek(key: string): KeyLookup | undefined {
    return this.fresh(hashApiKey(key), this.ctx.clock.now().getTime());
  }

  async lookUp(key: string): Promise<KeyLookup> {
    const hash = hashApiKey(key);
    const now = this.ctx.clock.now().getTime();
    const cached = this.fresh(hash, now);
    if (cached) return cached;
    const inFlight = this.pending.get(hash);
    if (inFlight) return inFlight;
    const lookup = lookUpApiKey(this.ctx, hash).finally(() => this.pending.delete(hash));
    this.pending.set(hash, lookup);
    const result = await lookup;
    if (this.entries.size >= MAX_ENTRIES) {
      // Map keeps insertion order: drop the oldest answer.
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.delete(hash);
    this.entries.set(hash, { lookup: result, until: now + this.ttlMs });
    return result;
  }

  private fresh(hash: string, now: number): KeyLookup | undefined {
    const cached = this.entries.get(hash);
    return cached && cached.until > now ? cached.lookup : undefined;
  }
}
