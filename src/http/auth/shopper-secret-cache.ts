import { webcrypto } from 'node:crypto';
import type { AppContext } from '../../app/context.ts';
import { lookUpStorefrontSecret, type SecretLookup } from '../../app/shopper/storefront-secrets.ts';
import { LookupCache } from './lookup-cache.ts';

type CryptoKey = webcrypto.CryptoKey;

/** How long an answer about a secret is reused: a revoked secret stops working within this time. */
export const SECRET_CACHE_MS = 10_000;

/** A secret lookup with the HMAC key imported for verifying (WebCrypto), once per lookup. */
export type VerifyingSecret =
  | Exclude<SecretLookup, { status: 'valid' }>
  | (Omit<Extract<SecretLookup, { status: 'valid' }>, 'key'> & { key: CryptoKey });

/**
 * Recent lookups of storefront secrets by id (`kid`), unknown ones too, for a few seconds, so a
 * shopper route does not pay a database round trip to verify a token: the API keys' policy. The
 * key is imported once per lookup rather than by each verification.
 */
export class StorefrontSecretCache extends LookupCache<VerifyingSecret> {
  constructor(ctx: AppContext, ttlMs = SECRET_CACHE_MS) {
    super(ctx, async (secretId) => verifying(await lookUpStorefrontSecret(ctx, secretId)), ttlMs);
  }
}

async function verifying(lookup: SecretLookup): Promise<VerifyingSecret> {
  if (lookup.status !== 'valid') return lookup;
  const key = await webcrypto.subtle.importKey('raw', lookup.key, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'verify',
  ]);
  return { ...lookup, key };
}
