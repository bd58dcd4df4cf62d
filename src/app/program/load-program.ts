import type { Selectable } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { ProgramsTable } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ProgramSettings, StoreVersionRef } from '../../domain/program/settings.ts';
import { shopNotFound } from '../shops/shop-with-program.ts';

export interface Program {
  shopId: string;
  status: 'draft' | 'published';
  settings: ProgramSettings;
  publishedAt: Date | null;
  introPage: string | null;
  termsPage: string | null;
  updatedAt: Date;
}

export async function findProgram(db: Executor, shopId: string): Promise<Program | undefined> {
  const row = await db.selectFrom('programs').selectAll().where('shop_id', '=', shopId).executeTakeFirst();
  return row ? programFromRow(row) : undefined;
}

/** The program of a `programs` row (its creation time is not part of it). */
export function programFromRow(row: Omit<Selectable<ProgramsTable>, 'created_at'>): Program {
  return {
    shopId: row.shop_id,
    status: row.status,
    // Settings are validated before they are stored.
    settings: row.settings as ProgramSettings,
    publishedAt: row.published_at,
    introPage: row.intro_page,
    termsPage: row.terms_page,
    updatedAt: row.updated_at,
  };
}

/** What a left-joined `programs as p` adds to a query's row, for `joinedProgram` to make its program of. */
export const JOINED_PROGRAM_COLUMNS = [
  'p.shop_id as program_shop_id',
  'p.status',
  'p.settings',
  'p.published_at',
  'p.intro_page',
  'p.terms_page',
  'p.updated_at',
] as const;

type JoinedProgramRow = {
  [K in Exclude<keyof ProgramsTable, 'shop_id' | 'created_at'>]: Selectable<ProgramsTable>[K] | null;
} & { program_shop_id: string | null };

/** The program of a row read with `JOINED_PROGRAM_COLUMNS`; undefined when the shop has none. */
export function joinedProgram(row: JoinedProgramRow): Program | undefined {
  const { program_shop_id: shopId, status, updated_at } = row;
  if (shopId === null || status === null || updated_at === null) return undefined;
  return programFromRow({ ...row, shop_id: shopId, status, updated_at });
}

export async function loadProgram(db: Executor, shopId: string): Promise<Program> {
  const program = await findProgram(db, shopId);
  if (program) return program;
  await requireShop(db, shopId);
  throw new DomainError('program_not_found', `Shop "${shopId}" has no loyalty program yet: create one first`);
}

export async function requireShop(db: Executor, shopId: string): Promise<void> {
  const shop = await db.selectFrom('shops').select('id').where('id', '=', shopId).executeTakeFirst();
  if (!shop) throw shopNotFound(shopId);
}

export async function storeVersionRefs(db: Executor, shopId: string): Promise<StoreVersionRef[]> {
  const rows = await db
    .selectFrom('store_versions')
    .select(['id', 'requires_login'])
    .where('shop_id', '=', shopId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, requiresLogin: r.requires_login }));
}
