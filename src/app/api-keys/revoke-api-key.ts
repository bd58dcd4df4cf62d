import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { type Revocation, revokeShopCredential } from './revoke-credential.ts';

/** Revokes a key for good; revoking it again changes nothing. Servers notice within the auth cache time. */
export async function revokeApiKey(
  ctx: AppContext,
  input: { shopId: string; keyId: string },
): Promise<Revocation> {
  const revocation = await revokeShopCredential(ctx, 'api_keys', input.shopId, input.keyId);
  if (!revocation)
    throw new DomainError('api_key_not_found', `Shop "${input.shopId}" has no API key "${input.keyId}"`);
  return revocation;
}
