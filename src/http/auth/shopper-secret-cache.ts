import type { AppContext } from '../../app/context.ts';
import { lookUpStorefrontSecret, type SecretLookup } from '../../app/shopper/storefront-secrets.ts';

/** How long an answer about a secret is reused: a revoked secret stops working within this time. */
export const SECRET_CACHE_MS = 10_000;
const MAX_ENTRIES = 10_000;

/**
 * Recent lookups of storefront secrets by id (`kid`), unknown ones too, for a few seconds, so a
 * shopper route does not pay a database round trip to verify a token; concurrent first requests
 * share one lookup. The same policy as the API keys' cache.
 */
export class StorefrontSecretCache {
  private readonly entries = new Map<string, { lookup: SecretLookup; until: number }>();
  private readonly pending = new Map<string, Promise<SecretLookup>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly ttlMs = SECRET_CACHE_MS,
  ) {}

  async lookUp(secretId: string): Promise<SecretLookup> {
    const now = this.ctx.clock.now().getTime();
    const cached = this.entries.get(secretId);
    if (cached && cached.until > now) return cached.lookup;
    const inFlight = this.pending.get(secretId);
    if (inFlight) return inFlight;
    const lookup = lookUpStorefrontSecret(this.ctx, secretId).finally(() => this.pending.delete(secretId));
    this.pending.set(secretId, lookup);
    const result = await lookup;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.delete(secretId);
    this.entries.set(secretId, { lookup: result, until: now + this.ttlMs });
    return result;
  }
}
