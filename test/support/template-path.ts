import { join } from 'node:path';

/** Where the test runner keeps a migrated embedded database that each test loads instead of migrating. */
export const PGLITE_TEMPLATE = join(process.cwd(), '.tmp', 'pglite-template.tar');
