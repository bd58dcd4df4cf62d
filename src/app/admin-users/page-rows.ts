import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { versionSelected } from '../../domain/program/program-visible.ts';
import type { AppContext } from '../context.ts';
import { JOINED_PROGRAM_COLUMNS, joinedProgram, type Program } from '../program/load-program.ts';
import type { StoreVersionView } from '../store-versions/list-store-versions.ts';
import { type AdminSession, readLiveSession } from './sessions.ts';

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
  const found = await readLiveSession(ctx, { shopId, token }, (query) =>
    query
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
      .executeTakeFirst(),
  );
  if (!found) return null;
  const { session, row } = found;
  const program = joinedProgram(row);
  return {
    session,
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
