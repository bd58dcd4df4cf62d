import type { AppContext } from '../../app/context.ts';
import { lookUpStorefrontSecret, type SecretLookup } from '../../app/shopper/storefront-secrets.ts';
import { LookupCache } from './lookup-cache.ts';

/** How long an answer about a secret is reused: a revoked secret stops working within this time. */
export const SECRET_CACHE_MS = 10_000;

/**
 * Recent lookups of storefront secrets by id (`kid`), unknown ones too, for a few seconds, so a
 * shopper route does not pay a database round trip to verify a token: the API keys' policy.
 */
export class StorefrontSecretCache extends LookupCache<SecretLookup> {
  constructor(ctx: AppContext, ttlMs = SECRET_CACHE_MS) {
    super(ctx, (secretId) => lookUpStorefrontSecret(ctx, secretId), ttlMs);
  }
}
