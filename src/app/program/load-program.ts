import type { Selectable } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { ProgramsTable } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ProgramSettings, StoreVersionRef } from '../../domain/program/settings.ts';

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

export async function loadProgram(db: Executor, shopId: string): Promise<Program> {
  const program = await findProgram(db, shopId);
  if (program) return program;
  await requireShop(db, shopId);
  throw new DomainError('program_not_found', `Shop "${shopId}" has no loyalty program yet: create one first`);
}

export async function requireShop(db: Executor, shopId: string): Promise<void> {
  const shop = await db.selectFrom('shops').select('id').where('id', '=', shopId).executeTakeFirst();
  if (!shop) throw new DomainError('shop_not_found', `Shop "${shopId}" does not exist`);
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
