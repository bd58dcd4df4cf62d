import { randomBytes } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import { credentialName } from '../api-keys/credential-name.ts';
import { type Revocation, revokeShopCredential } from '../api-keys/revoke-credential.ts';
import type { AppContext } from '../context.ts';
import { requireShop } from '../program/load-program.ts';

/** A storefront secret without the secret itself: what lists and pages show. */
export interface StorefrontSecretSummary {
  /** The token's `kid`. */
  id: string;
  shopId: string;
  name: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
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
  const id = `ss_${randomBytes(8).toString('hex')}`;
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
  await requireShop(ctx.db, shopId);
  const rows = await ctx.db
    .selectFrom('storefront_secrets')
    .select(['id', 'shop_id', 'name', 'created_at', 'revoked_at', 'last_used_at'])
    .where('shop_id', '=', shopId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    shopId: r.shop_id,
    name: r.name,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  }));
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
  | { status: 'revoked' }
  | { status: 'suspended'; shopId: string }
  | { status: 'unknown' };

/**
 * The key of the secret a token names by its `kid`, whichever shop it belongs to (so that a
 * token of another shop is told apart from a forged one), noting in the same statement that it
 * was used. Callers cache the answer briefly, as they do API keys.
 */
export async function lookUpStorefrontSecret(ctx: AppContext, secretId: string): Promise<SecretLookup> {
  if (!looksLikeStorefrontSecretId(secretId)) return { status: 'unknown' };
  const now = ctx.clock.now();
  const row = await ctx.db
    .updateTable('storefront_secrets')
    .from('shops')
    .set((eb) => ({
      last_used_at: eb
        .case()
        .when('storefront_secrets.revoked_at', 'is', null)
        .then(now)
        .else(eb.ref('storefront_secrets.last_used_at'))
        .end(),
    }))
    .whereRef('shops.id', '=', 'storefront_secrets.shop_id')
    .where('storefront_secrets.id', '=', secretId)
    .returning([
      'storefront_secrets.shop_id',
      'storefront_secrets.secret',
      'storefront_secrets.revoked_at',
      'shops.status as shop_status',
    ])
    .executeTakeFirst();
  if (!row) return { status: 'unknown' };
  if (row.revoked_at) return { status: 'revoked' };
  if (row.shop_status === 'suspended') return { status: 'suspended', shopId: row.shop_id };
  return { status: 'valid', shopId: row.shop_id, secretId, key: new TextEncoder().encode(row.secret) };
}
