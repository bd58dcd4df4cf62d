import { createHash, randomBytes } from 'node:crypto';
import type { RowOf } from '../../db/row-of.ts';
import type { AppContext } from '../context.ts';
import { decoyHash, verifyPassword } from './password.ts';
import type { AdminUser } from './users.ts';

/** A session lasts this long after it was last extended; use extends it when half of it is gone. */
export const SESSION_HOURS = 12;
const HOUR = 3_600_000;

export interface AdminSession {
  shopId: string;
  shopName: string;
  /** Set while the operator has suspended the shop: its admin says so and why. */
  shopSuspended: { reason: string | null } | null;
  user: AdminUser;
  csrfToken: string;
  expiresAt: Date;
}

export interface SignedIn {
  session: AdminSession;
  /** The secret for the cookie; only its hash is stored. */
  token: string;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * Checks the e-mail and password of a shop's user and opens a session. An unknown user costs
 * the same password check as a known one, so timing does not tell which addresses exist.
 */
export async function signIn(
  ctx: AppContext,
  input: { shopId: string; email: string; password: string },
): Promise<SignedIn | null> {
  const now = ctx.clock.now();
  const row = await ctx.db
    .selectFrom('admin_users as u')
    .innerJoin('shops as s', 's.id', 'u.shop_id')
    .select([
      'u.id',
      'u.email',
      'u.name',
      'u.language',
      'u.role',
      'u.password_hash',
      's.name as shop_name',
      's.status as shop_status',
      's.suspended_reason as shop_suspended_reason',
    ])
    .where('u.shop_id', '=', input.shopId)
    .where((eb) => eb(eb.fn('lower', ['u.email']), '=', input.email.trim().toLowerCase()))
    .executeTakeFirst();
  const ok = await verifyPassword(input.password, row?.password_hash ?? (await decoyHash()));
  if (!row || !ok) return null;

  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * HOUR);
  await ctx.db.transaction().execute(async (trx) => {
    // Housekeeping while we are here: the shop's expired sessions go.
    await trx
      .deleteFrom('admin_sessions')
      .where('shop_id', '=', input.shopId)
      .where('expires_at', '<', now)
      .execute();
    await trx
      .insertInto('admin_sessions')
      .values({
        shop_id: input.shopId,
        token_hash: tokenHash(token),
        user_id: row.id,
        csrf_token: csrfToken,
        created_at: now,
        expires_at: expiresAt,
      })
      .execute();
  });
  return {
    token,
    session: {
      shopId: input.shopId,
      shopName: row.shop_name,
      shopSuspended: suspension(row),
      user: {
        shopId: input.shopId,
        id: row.id,
        email: row.email,
        name: row.name,
        language: row.language,
        role: row.role,
      },
      csrfToken,
      expiresAt,
    },
  };
}

/** What a cookie's session is looked up by: its shop and its token's hash, at the request's moment. */
export interface SessionLookup {
  shopId: string;
  hash: string;
  now: Date;
}

function sessionLookup(ctx: AppContext, shopId: string, token: string): SessionLookup {
  return { shopId, hash: tokenHash(token), now: ctx.clock.now() };
}

/** The live session for a cookie's shop and token, or null; a session past half its life is extended. */
export async function resolveSession(
  ctx: AppContext,
  shopId: string,
  token: string,
): Promise<AdminSession | null> {
  const found = await readLiveSession(ctx, { shopId, token }, (query) => query.executeTakeFirst());
  return found?.session ?? null;
}

/**
 * The live session for a cookie's shop and token with the row `read` answers (the session's row
 * and whatever it joins to it in the same statement), or null; a session past half its life is
 * extended.
 */
export async function readLiveSession<R extends SessionRow>(
  ctx: AppContext,
  cookie: { shopId: string; token: string },
  read: (query: ReturnType<typeof liveSessionQuery>) => Promise<R | undefined>,
): Promise<{ session: AdminSession; row: R } | null> {
  const lookup = sessionLookup(ctx, cookie.shopId, cookie.token);
  const row = await read(liveSessionQuery(ctx, lookup));
  return row ? { session: await sessionOfRow(ctx, lookup, row), row } : null;
}

/** The live session of a shop's token hash, with its user and shop: the row a session is made of. */
function liveSessionQuery(ctx: AppContext, { shopId, hash, now }: SessionLookup) {
  return ctx.db
    .selectFrom('admin_sessions as x')
    .innerJoin('admin_users as u', (j) =>
      j.onRef('u.shop_id', '=', 'x.shop_id').onRef('u.id', '=', 'x.user_id'),
    )
    .innerJoin('shops as s', 's.id', 'x.shop_id')
    .select([
      'x.csrf_token',
      'x.expires_at',
      'u.id',
      'u.email',
      'u.name',
      'u.language',
      'u.role',
      's.name as shop_name',
      's.status as shop_status',
      's.suspended_reason as shop_suspended_reason',
    ])
    .where('x.shop_id', '=', shopId)
    .where('x.token_hash', '=', hash)
    .where('x.expires_at', '>', now);
}

type SessionRow = RowOf<typeof liveSessionQuery>;

/** The session of a live session row; extended (and stored) when half of its life is gone. */
async function sessionOfRow(ctx: AppContext, lookup: SessionLookup, row: SessionRow): Promise<AdminSession> {
  const { shopId } = lookup;
  return {
    shopId,
    shopName: row.shop_name,
    shopSuspended: suspension(row),
    user: { shopId, id: row.id, email: row.email, name: row.name, language: row.language, role: row.role },
    csrfToken: row.csrf_token,
    expiresAt: await extendedExpiry(ctx, lookup, row.expires_at),
  };
}

/** The session's expiry, moved on (and stored) when half of its life is gone. */
async function extendedExpiry(
  ctx: AppContext,
  { shopId, hash, now }: SessionLookup,
  expiresAt: Date,
): Promise<Date> {
  if (expiresAt.getTime() - now.getTime() >= (SESSION_HOURS * HOUR) / 2) return expiresAt;
  const extended = new Date(now.getTime() + SESSION_HOURS * HOUR);
  await ctx.db
    .updateTable('admin_sessions')
    .set({ expires_at: extended })
    .where('shop_id', '=', shopId)
    .where('token_hash', '=', hash)
    .execute();
  return extended;
}

export async function signOut(ctx: AppContext, shopId: string, token: string): Promise<void> {
  await ctx.db
    .deleteFrom('admin_sessions')
    .where('shop_id', '=', shopId)
    .where('token_hash', '=', tokenHash(token))
    .execute();
}

/** The operator's suspension of the session's shop, for the admin's banner. */
function suspension(row: { shop_status: string; shop_suspended_reason: string | null }) {
  return row.shop_status === 'suspended' ? { reason: row.shop_suspended_reason } : null;
}
