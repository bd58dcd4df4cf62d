import { DomainError } from '../../domain/errors.ts';
import { credentialName } from '../api-keys/credential-name.ts';
import { generateOperatorKey } from '../api-keys/key-format.ts';
import type { AppContext } from '../context.ts';
import { randomId } from '../random-id.ts';

/** An operator key without its secret. */
export interface OperatorKeySummary {
  id: string;
  name: string;
  prefix: string;
  /** The credential a running service keeps in its embedded data folder for the command line. */
  local: boolean;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface CreatedOperatorKey extends OperatorKeySummary {
  /** The secret itself: returned this once and never stored. */
  key: string;
}

export type OperatorKeyLookup =
  | { status: 'valid'; key: { id: string; name: string } }
  | { status: 'revoked' }
  | { status: 'unknown' };

/** Creates an operator key (`op_…`); the secret is in the result and nowhere else. */
export async function createOperatorKey(
  ctx: AppContext,
  input: { name: string; local?: boolean },
): Promise<CreatedOperatorKey> {
  const name = credentialName(input.name, 'key');
  const now = ctx.clock.now();
  const { key, prefix, hash } = generateOperatorKey();
  const id = randomId('opk', 8);
  const local = input.local ?? false;
  await ctx.db
    .insertInto('operator_keys')
    .values({ id, name, prefix, hash, local, created_at: now, revoked_at: null, last_used_at: null })
    .execute();
  return { id, name, prefix, local, createdAt: now, revokedAt: null, lastUsedAt: null, key };
}

/**
 * A new local credential for the command line of this machine: the earlier ones (of services
 * that ran before on this embedded database) are revoked in the same go.
 */
export async function createLocalOperatorKey(ctx: AppContext, name: string): Promise<CreatedOperatorKey> {
  await ctx.db
    .updateTable('operator_keys')
    .set({ revoked_at: ctx.clock.now() })
    .where('local', '=', true)
    .where('revoked_at', 'is', null)
    .execute();
  return createOperatorKey(ctx, { name, local: true });
}

/** The operator keys, newest first, without anything secret. */
export async function listOperatorKeys(ctx: AppContext): Promise<OperatorKeySummary[]> {
  const rows = await ctx.db
    .selectFrom('operator_keys')
    .select(['id', 'name', 'prefix', 'local', 'created_at', 'revoked_at', 'last_used_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    local: r.local,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  }));
}

/** Revokes an operator key for good, at once; revoking it again changes nothing. */
export async function revokeOperatorKey(
  ctx: AppContext,
  keyId: string,
): Promise<{ outcome: 'applied' | 'duplicate'; revokedAt: Date }> {
  const now = ctx.clock.now();
  const revoked = await ctx.db
    .updateTable('operator_keys')
    .set({ revoked_at: now })
    .where('id', '=', keyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (revoked.numUpdatedRows > 0n) return { outcome: 'applied', revokedAt: now };
  const earlier = await ctx.db
    .selectFrom('operator_keys')
    .select('revoked_at')
    .where('id', '=', keyId)
    .executeTakeFirst();
  if (!earlier?.revoked_at)
    throw new DomainError('operator_key_not_found', `There is no operator key "${keyId}"`);
  return { outcome: 'duplicate', revokedAt: earlier.revoked_at };
}

/**
 * Finds the operator key with this hash and notes that it was used. Not cached: the operator API
 * is called rarely, and a revoked operator key stops working at once.
 */
export async function lookUpOperatorKey(ctx: AppContext, hash: string): Promise<OperatorKeyLookup> {
  const row = await ctx.db
    .updateTable('operator_keys')
    .set((eb) => ({
      last_used_at: eb
        .case()
        .when('revoked_at', 'is', null)
        .then(ctx.clock.now())
        .else(eb.ref('last_used_at'))
        .end(),
    }))
    .where('hash', '=', hash)
    .returning(['id', 'name', 'revoked_at'])
    .executeTakeFirst();
  if (!row) return { status: 'unknown' };
  if (row.revoked_at) return { status: 'revoked' };
  return { status: 'valid', key: { id: row.id, name: row.name } };
}
