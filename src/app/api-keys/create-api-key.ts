import type { AppContext } from '../context.ts';
import { requireShop } from '../program/load-program.ts';
import { randomId } from '../random-id.ts';
import { credentialName } from './credential-name.ts';
import type { CredentialLife } from './credential-rows.ts';
import { generateApiKey } from './key-format.ts';

export interface ApiKeySummary extends CredentialLife {
  id: string;
  shopId: string;
  name: string;
  prefix: string;
  readOnly: boolean;
}

export interface CreatedApiKey extends ApiKeySummary {
  /** The secret itself: returned this once and never stored. */
  key: string;
}

/** Creates a key for a shop; the secret is in the result and nowhere else. */
export async function createApiKey(
  ctx: AppContext,
  input: { shopId: string; name: string; readOnly: boolean },
): Promise<CreatedApiKey> {
  const name = credentialName(input.name, 'key');
  const now = ctx.clock.now();
  const { key, prefix, hash } = generateApiKey(input.readOnly);
  const id = randomId('key', 8);
  await ctx.db.transaction().execute(async (trx) => {
    await requireShop(trx, input.shopId);
    await trx
      .insertInto('api_keys')
      .values({ shop_id: input.shopId, id, name, prefix, hash, read_only: input.readOnly, created_at: now })
      .execute();
  });
  return {
    id,
    shopId: input.shopId,
    name,
    prefix,
    readOnly: input.readOnly,
    createdAt: now,
    revokedAt: null,
    lastUsedAt: null,
    key,
  };
}
