import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from 'jose';
import type { AppContext } from '../../app/context.ts';
import type { ShopperIdentity } from '../../app/shopper/shopper-account.ts';
import { MAX_STORE_ID_LENGTH } from '../../domain/limits.ts';
import { problem } from '../problem.ts';
import { StorefrontSecretCache } from './shopper-secret-cache.ts';
import { VerifiedShopperTokens, type VerifiedToken } from './verified-shopper-tokens.ts';

const BEARER = /^Bearer +(\S+) *$/i;

/** A shopper token lives at most this long: a stolen one is worth little. */
export const MAX_TOKEN_LIFETIME_SECONDS = 15 * 60;
/** Store servers' clocks drift a little from ours. */
const CLOCK_TOLERANCE_SECONDS = 30;

type Refusal = { status: 401 | 403; code: string; detail: string };
const invalid = (detail: string): Refusal => ({ status: 401, code: 'shopper_token_invalid', detail });

/**
 * Authenticates a shopper route by the token the store's back end signed for its logged-in
 * customer (`Authorization: Bearer <JWT>`): HS256 with one of the shop's storefront secrets, named
 * by the `kid` header, with the claims `shop`, `sub` (the customer id), `storeVersion`, `iat` and
 * `exp` at most 15 minutes ahead. The customer id comes only from a verified token, never from
 * the browser. Time is the application's clock, so tests run at a fixed moment.
 *
 * The secret is found by its id whichever shop it belongs to, so that a valid token of shop A
 * sent to shop B's routes is told apart (403 `shop_mismatch`) from a forged one (401).
 */
export function shopperTokenAuth(ctx: AppContext) {
  const secrets = new StorefrontSecretCache(ctx);
  const verified = new VerifiedShopperTokens();
  return async function authenticateShopper(request: FastifyRequest, reply: FastifyReply) {
    if (request.routeOptions.config.shopper !== 'token') return;
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) {
      return deny(request, reply, {
        status: 401,
        code: 'shopper_token_missing',
        detail: 'Send the shopper token your store signed in the header "Authorization: Bearer <token>"',
      });
    }
    const verdict = await verifyShopperToken(ctx, secrets, match[1]!, verified);
    if ('code' in verdict) return deny(request, reply, verdict);
    const pathShop = (request.params as { shopId?: string }).shopId;
    if (pathShop !== verdict.shopId) {
      return deny(request, reply, {
        status: 403,
        code: 'shop_mismatch',
        detail: `This token was signed for shop "${verdict.shopId}", not for the shop in the path`,
      });
    }
    request.shopper = verdict;
  };
}

/**
 * The identity a token vouches for, or why it is refused. A token verified before (`verified`)
 * skips the signature while its time checks still pass and its secret is still valid; anything
 * else takes the whole path below, which also gives the refusal.
 */
export async function verifyShopperToken(
  ctx: AppContext,
  secrets: StorefrontSecretCache,
  token: string,
  verified?: VerifiedShopperTokens,
): Promise<ShopperIdentity | Refusal> {
  const now = ctx.clock.now();
  const known = verified?.get(token, Math.floor(now.getTime() / 1000));
  if (known && (await secrets.lookUp(known.kid)).status === 'valid') return known.identity;
  const verdict = await verifySignedToken(secrets, token, now);
  if ('code' in verdict) return verdict;
  verified?.set(token, verdict);
  return verdict.identity;
}

async function verifySignedToken(
  secrets: StorefrontSecretCache,
  token: string,
  now: Date,
): Promise<VerifiedToken | Refusal> {
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== 'HS256') return invalid('Shopper tokens are signed with HS256');
    kid = header.kid;
  } catch {
    return invalid('This is not a JWT (three base64url parts joined by dots)');
  }
  if (!kid) return invalid('The token has no "kid" header naming its storefront secret');
  const secret = await secrets.lookUp(kid);
  if (secret.status === 'unknown') return invalid(`No storefront secret has the id "${kid}"`);
  if (secret.status === 'revoked') return invalid(`The storefront secret "${kid}" has been revoked`);
  if (secret.status === 'suspended') {
    return {
      status: 403,
      code: 'shop_suspended',
      detail: `Shop "${secret.shopId}" is suspended by the operator of the service`,
    };
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, secret.key, {
      algorithms: ['HS256'],
      currentDate: now,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS,
      requiredClaims: ['sub', 'iat', 'exp'],
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      return { status: 401, code: 'shopper_token_expired', detail: 'The token has expired; sign a new one' };
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return invalid('The signature does not match: the token was changed or signed with another secret');
    }
    return invalid(`The token is not valid: ${error instanceof Error ? error.message : 'unreadable'}`);
  }
  const identity = identityOf(payload, secret.shopId, Math.floor(now.getTime() / 1000));
  return 'code' in identity ? identity : { identity, kid, ...timeWindow(payload) };
}

/**
 * The seconds in which a verified token's time checks pass: those of `jwtVerify` above (`nbf`,
 * `exp` and `iat` with the tolerance) and the lifetime check of `identityOf`.
 */
function timeWindow(payload: JWTPayload): { validFrom: number; validUntil: number } {
  const { iat, exp, nbf } = payload as { iat: number; exp: number; nbf?: number };
  const tolerance = CLOCK_TOLERANCE_SECONDS;
  return {
    validFrom: Math.max(
      iat - tolerance,
      typeof nbf === 'number' ? nbf - tolerance : Number.NEGATIVE_INFINITY,
      exp - MAX_TOKEN_LIFETIME_SECONDS - tolerance,
    ),
    validUntil: Math.min(exp + tolerance - 1, iat + MAX_TOKEN_LIFETIME_SECONDS + tolerance),
  };
}

function identityOf(payload: JWTPayload, secretShop: string, nowSeconds: number): ShopperIdentity | Refusal {
  const { sub, iat, exp } = payload;
  const shop = payload.shop;
  const storeVersion = payload.storeVersion;
  if (typeof iat !== 'number' || typeof exp !== 'number') return invalid('"iat" and "exp" are required');
  if (
    exp - iat > MAX_TOKEN_LIFETIME_SECONDS ||
    exp - nowSeconds > MAX_TOKEN_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS
  ) {
    return {
      status: 401,
      code: 'shopper_token_too_long_lived',
      detail: `A shopper token may live at most ${MAX_TOKEN_LIFETIME_SECONDS / 60} minutes ("exp" at most 900 s after "iat" and now)`,
    };
  }
  if (!isId(sub)) return invalid('"sub" must be the customer id (1–100 characters)');
  if (!isId(shop)) return invalid('"shop" must be the shop id');
  if (!isId(storeVersion)) return invalid('"storeVersion" must be the store version id');
  if (shop !== secretShop) return invalid(`The token's secret does not belong to shop "${shop}"`);
  return { shopId: shop, customerId: sub, storeVersionId: storeVersion };
}

const isId = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_STORE_ID_LENGTH;

function deny(request: FastifyRequest, reply: FastifyReply, refusal: Refusal) {
  if (refusal.status === 401) reply.header('www-authenticate', 'Bearer realm="loyalty-shopper"');
  return reply
    .code(refusal.status)
    .type('application/problem+json')
    .send(problem(refusal.status, refusal.code, refusal.detail, request.id));
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A shopper route: `token` needs a shopper token, `public` is open to any visitor. */
    shopper?: 'token' | 'public';
  }
  interface FastifyRequest {
    /** The customer a verified shopper token vouches for, set by `shopperTokenAuth`. */
    shopper: ShopperIdentity | null;
  }
}
