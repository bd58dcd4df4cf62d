import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { versionSelected } from '../../domain/program/program-visible.ts';
import type { AppContext } from '../context.ts';
import { JOINED_PROGRAM_COLUMNS, joinedProgram, type Program } from '../program/load-program.ts';
import type { StoreVersionView } from '../store-versions/list-store-versions.ts';
import { type AdminSession, liveSessionQuery, sessionLookup, sessionOfRow } from './sessions.ts';

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
  const lookup = sessionLookup(ctx, shopId, token);
  const row = await liveSessionQuery(ctx, lookup)
    .leftJoin('programs as p', 'p.shop_id', 'x.shop_id')
    .select(JOINED_PROGRAM_COLUMNS)
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('store_versions as v')
          .select(['v.id', 'v.name', 'v.requires_login', 'v.created_at'])
          .whereRef('v.shop_id', '=', 'x.shop_id')
          .orderBy('v.id'),
      ).as('versions'),
    )
    .executeTakeFirst();
  if (!row) return null;
  const program = joinedProgram(row);
  return {
    session: await sessionOfRow(ctx, lookup, row),
    program,
    // Inside JSON the times are text: the same instants, made Dates again.
    storeVersions: row.versions.map((v) => ({
      id: v.id,
      name: v.name,
      requiresLogin: v.requires_login,
      selected: versionSelected(program?.settings ?? null, v.id),
      createdAt: new Date(v.created_at),
    })),
  };
}
