import { existsSync, readFileSync } from 'node:fs';
import type { AppContext } from '../../src/app/context.ts';
import { ManualClock } from '../../src/clock.ts';
import { type DatabaseHandle, openPGlite, openPostgres } from '../../src/db/connect.ts';
import { migrate } from '../../src/db/migrate.ts';
import { throwawaySchema } from './postgres-schema.ts';
import { PGLITE_TEMPLATE } from './template-path.ts';

export interface TestDatabase extends DatabaseHandle {
  /** The PostgreSQL URL of this test's own schema, or undefined on the embedded database. */
  url: string | undefined;
}

/** When the test database's migrations are applied, on the template and wherever it is missing. */
const MIGRATED_AT = new Date('2026-01-01T00:00:00Z');
let templateData: Blob | null | undefined;

/** The runner's migrated embedded database (scripts/build-test-template.ts), read once per process; null without one. */
function pgliteTemplate(): Blob | null {
  templateData ??= existsSync(PGLITE_TEMPLATE) ? new Blob([readFileSync(PGLITE_TEMPLATE)]) : null;
  return templateData;
}

/**
 * A migrated embedded database: in memory, or in `folder` for a test that runs the command line
 * on it. Loaded from the template when the runner built one: migrating takes seconds.
 */
export async function migratedPGlite(folder?: string): Promise<DatabaseHandle> {
  const template = pgliteTemplate();
  const handle = await openPGlite(folder, template ? { loadDataDir: template } : {});
  if (!template) await migrate(handle.db, MIGRATED_AT);
  return handle;
}

/**
 * A migrated, empty database of its own for one test: on PostgreSQL (TEST_DATABASE_URL) a fresh
 * schema dropped on close; otherwise an embedded database loaded from the migrated template.
 */
export async function testDatabase(): Promise<TestDatabase> {
  const base = process.env.TEST_DATABASE_URL;
  if (base) return postgresSchema(base);
  return { ...(await migratedPGlite()), url: undefined };
}

async function postgresSchema(base: string): Promise<TestDatabase> {
  const schema = await throwawaySchema(base, 't', MIGRATED_AT);
  const handle = await openPostgres(schema.url, 20);
  return {
    ...handle,
    url: schema.url,
    close: async () => {
      await handle.close();
      await schema.drop();
    },
  };
}

export interface TestApp {
  ctx: AppContext;
  clock: ManualClock;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function testApp(start = '2026-06-15T10:00:00Z'): Promise<TestApp> {
  const database = await testDatabase();
  const clock = new ManualClock(new Date(start));
  return { ctx: { db: database.db, clock }, clock, database, close: () => database.close() };
}
