import { type KeyLookup, lookUpApiKey } from '../../app/api-keys/authenticate-api-key.ts';
import { hashApiKey } from '../../app/api-keys/key-format.ts';
import type { AppContext } from '../../app/context.ts';
import { LookupCache } from './lookup-cache.ts';

/** How long an answer about a key is reused: a revoked key stops working within this time. */
export const KEY_CACHE_MS = 10_000;

/**
 * Remembers recent key lookups (unknown keys too) for a few seconds, so the hot routes do not
 * pay a database round trip for authentication; keyed by the key's hash, not the key itself.
 */
export class ApiKeyCache {
  private readonly cache: LookupCache<KeyLookup>;

  constructor(ctx: AppContext, ttlMs = KEY_CACHE_MS) {
    this.cache = new LookupCache(ctx, (hash) => lookUpApiKey(ctx, hash), ttlMs);
  }

  /** The remembered answer about this key while it is fresh, without waiting for anything. */
  peek(key: string): KeyLookup | undefined {
    return this.cache.peek(hashApiKey(key));
  }

  lookUp(key: string): Promise<KeyLookup> {
    return this.cache.lookUp(hashApiKey(key));
  }
}
