import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgres } from '../../src/db/connect.ts';
import { migrate } from '../../src/db/migrate.ts';

export interface ThrowawaySchema {
  /** The server's URL with this schema as the search path. */
  url: string;
  /** Drops the schema with everything in it. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated schema of its own on the PostgreSQL server at `base`, named `<prefix>_<random>`:
 * tests and benchmarks on one server never see each other's rows.
 */
export async function throwawaySchema(
  base: string,
  prefix: string,
  migratedAt: Date,
): Promise<ThrowawaySchema> {
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const migrating = await openPostgres(url.toString(), 2);
  try {
    await migrate(migrating.db, migratedAt);
  } finally {
    await migrating.close();
  }
  return {
    url: url.toString(),
    drop: async () => {
      try {
        await admin.query(`drop schema ${schema} cascade`);
      } finally {
        await admin.end();
      }
    },
  };
}
