import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { AppContext } from '../context.ts';
import { type Program, programFromRow } from '../program/load-program.ts';
import type { StoreVersionView } from '../store-versions/list-store-versions.ts';
import { type AdminSession, extendedExpiry, tokenHash } from './sessions.ts';

/** What every signed-in admin page reads: the session, the shop's program and its store versions. */
export interface AdminPageRows {
  session: AdminSession;
  program: Program | undefined;
  storeVersions: StoreVersionView[];
}

/**
 * `resolveSession`, `findProgram` and `listStoreVersions` in one round trip: on PostgreSQL each
 * query of a page costs a socket write and read, more than the page's own rendering. Answers null
 * when the cookie has no live session; a session past half its life is extended, as by
 * `resolveSession`.
 */
export async function resolveAdminPage(
  ctx: AppContext,
  shopId: string,
  token: string,
): Promise<AdminPageRows | null> {
  const now = ctx.clock.now();
  const hash = tokenHash(token);
  const row = await ctx.db
    .selectFrom('admin_sessions as x')
    .innerJoin('admin_users as u', (j) =>
      j.onRef('u.shop_id', '=', 'x.shop_id').onRef('u.id', '=', 'x.user_id'),
    )
    .innerJoin('shops as s', 's.id', 'x.shop_id')
    .leftJoin('programs as p', 'p.shop_id', 'x.shop_id')
    .select([
      'x.csrf_token',
      'x.expires_at',
      'u.id',
      'u.email',
      'u.name',
      'u.language',
      's.name as shop_name',
      'p.shop_id as program_shop_id',
      'p.status',
      'p.settings',
      'p.published_at',
      'p.intro_page',
      'p.terms_page',
      'p.updated_at',
    ])
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('store_versions as v')
          .select(['v.id', 'v.name', 'v.requires_login', 'v.created_at'])
          .whereRef('v.shop_id', '=', 'x.shop_id')
          .orderBy('v.id'),
      ).as('versions'),
    )
    .where('x.shop_id', '=', shopId)
    .where('x.token_hash', '=', hash)
    .where('x.expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return null;
  const expiresAt = await extendedExpiry(ctx, shopId, hash, row.expires_at, now);
  const program =
    row.program_shop_id === null
      ? undefined
      : programFromRow({
          shop_id: row.program_shop_id,
          status: row.status!,
          settings: row.settings,
          published_at: row.published_at,
          intro_page: row.intro_page,
          terms_page: row.terms_page,
          updated_at: row.updated_at!,
        });
  const selected = new Set(program?.settings.storeVersionIds ?? []);
  return {
    session: {
      shopId,
      shopName: row.shop_name,
      user: { shopId, id: row.id, email: row.email, name: row.name, language: row.language },
      csrfToken: row.csrf_token,
      expiresAt,
    },
    program,
    // Inside JSON the times are text: the same instants, made Dates again.
    storeVersions: row.versions.map((v) => ({
      id: v.id,
      name: v.name,
      requiresLogin: v.requires_login,
      selected: selected.has(v.id),
      createdAt: new Date(v.created_at),
    })),
  };
}
