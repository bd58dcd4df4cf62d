import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { openPGlite } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';
import { PGLITE_TEMPLATE } from '../test/support/template-path.ts';

// A fresh embedded database takes seconds to migrate; tests load this copy instead.
const handle = await openPGlite(undefined);
await migrate(handle.db, new Date('2026-01-01T00:00:00Z'));
const pglite = (handle as unknown as { pglite: { dumpDataDir(c: 'gzip'): Promise<Blob> } }).pglite;
const dump = await pglite.dumpDataDir('gzip');
mkdirSync(dirname(PGLITE_TEMPLATE), { recursive: true });
writeFileSync(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()));
await handle.close();
