/**
 * Prints the store API's OpenAPI document exactly as the service serves it at /openapi.json, or
 * writes it to the file given as the first argument. Used by the Spectral lint and the client
 * generator, so neither needs a running service.
 */
import { writeFileSync } from 'node:fs';
import { systemClock } from '../src/clock.ts';
import { openPGlite } from '../src/db/connect.ts';
import { buildServer } from '../src/http/server.ts';

const database = await openPGlite(undefined);
const app = await buildServer({ ctx: { db: database.db, clock: systemClock } });
await app.ready();
const answer = await app.inject({ method: 'GET', url: '/openapi.json' });
await app.close();
await database.close();
if (answer.statusCode !== 200) {
  console.error(`GET /openapi.json answered ${answer.statusCode}: ${answer.body}`);
  process.exit(1);
}
const text = `${JSON.stringify(JSON.parse(answer.body), null, 2)}\n`;
const target = process.argv[2];
if (target) writeFileSync(target, text);
else process.stdout.write(text);
