import { randomBytes } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import { credentialName } from '../api-keys/credential-name.ts';
import {
  type CredentialLife,
  type CredentialRefusal,
  credentialUse,
  lifeOf,
  lookupAnswer,
  shopCredentialRows,
} from '../api-keys/credential-rows.ts';
import { type Revocation, revokeShopCredential } from '../api-keys/revoke-credential.ts';
import type { AppContext } from '../context.ts';
import { requireShop } from '../program/load-program.ts';
import { randomId } from '../random-id.ts';

/** A storefront secret without the secret itself: what lists and pages show. */
export interface StorefrontSecretSummary extends CredentialLife {
  /** The token's `kid`. */
  id: string;
  shopId: string;
  name: string;
}

export interface CreatedStorefrontSecret extends StorefrontSecretSummary {
  /** The HMAC key, as text: shown when created; the store keeps it in its back end. */
  secret: string;
}

const SECRET_PREFIX = 'lss_';

/** `lss_` and 256 random bits: the HMAC key is these characters' UTF-8 bytes, in Node and PHP alike. */
export function looksLikeStorefrontSecretId(value: string): boolean {
  return /^ss_[0-9a-f]{16}$/.test(value);
}

/**
 * Creates a secret for signing shopper tokens. A shop may keep several active at once, so a new
 * one can be deployed before the old one is revoked.
 */
export async function createStorefrontSecret(
  ctx: AppContext,
  input: { shopId: string; name: string },
): Promise<CreatedStorefrontSecret> {
  const name = credentialName(input.name, 'secret');
  const now = ctx.clock.now();
  const id = randomId('ss', 8);
  const secret = `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
  await ctx.db.transaction().execute(async (trx) => {
    await requireShop(trx, input.shopId);
    await trx
      .insertInto('storefront_secrets')
      .values({ shop_id: input.shopId, id, name, secret, created_at: now })
      .execute();
  });
  return { id, shopId: input.shopId, name, createdAt: now, revokedAt: null, lastUsedAt: null, secret };
}

/** The shop's secrets, newest first, without the secrets themselves. */
export async function listStorefrontSecrets(
  ctx: AppContext,
  shopId: string,
): Promise<StorefrontSecretSummary[]> {
  const rows = await shopCredentialRows(ctx, 'storefront_secrets', shopId);
  return rows.map((r) => ({ id: r.id, shopId: r.shop_id, name: r.name, ...lifeOf(r) }));
}

/** Revokes a secret for good; tokens signed with it are refused (within the verifier's cache time). */
export async function revokeStorefrontSecret(
  ctx: AppContext,
  input: { shopId: string; secretId: string },
): Promise<Revocation> {
  const revocation = await revokeShopCredential(ctx, 'storefront_secrets', input.shopId, input.secretId);
  if (!revocation) {
    throw new DomainError(
      'storefront_secret_not_found',
      `Shop "${input.shopId}" has no storefront secret "${input.secretId}"`,
    );
  }
  return revocation;
}

export type SecretLookup =
  | { status: 'valid'; shopId: string; secretId: string; key: Uint8Array }
  | CredentialRefusal;

/**
 * The key of the secret a token names by its `kid`, whichever shop it belongs to (so that a
 * token of another shop is told apart from a forged one), noting in the same statement that it
 * was used. Callers cache the answer briefly, as they do API keys.
 */
export async function lookUpStorefrontSecret(ctx: AppContext, secretId: string): Promise<SecretLookup> {
  if (!looksLikeStorefrontSecretId(secretId)) return { status: 'unknown' };
  const now = ctx.clock.now();
  const row = await credentialUse(ctx, 'storefront_secrets', now)
    .where('storefront_secrets.id', '=', secretId)
    .returning('storefront_secrets.secret')
    .executeTakeFirst();
  return lookupAnswer(row, (r) => ({
    status: 'valid' as const,
    shopId: r.shop_id,
    secretId,
    key: new TextEncoder().encode(r.secret),
  }));
}
