/**
 * Prints the store API's OpenAPI document exactly as the service serves it at /openapi.json, or
 * writes it to the file given as the first argument. Used by the Spectral lint and the client
 * generator (scripts/generate-client.ts imports `servedOpenApiDocument`), so neither needs a
 * running service.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../src/clock.ts';
import { openPGlite } from '../src/db/connect.ts';
import { buildServer } from '../src/http/server.ts';

/** The document GET /openapi.json answers, from the real server on an empty embedded database. */
export async function servedOpenApiDocument(): Promise<Record<string, unknown>> {
  const database = await openPGlite(undefined);
  try {
    const app = await buildServer({ ctx: { db: database.db, clock: systemClock } });
    try {
      await app.ready();
      const answer = await app.inject({ method: 'GET', url: '/openapi.json' });
      if (answer.statusCode !== 200) {
        throw new Error(`GET /openapi.json answered ${answer.statusCode}: ${answer.body}`);
      }
      return JSON.parse(answer.body) as Record<string, unknown>;
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

/** The document as text: two-space indented JSON with a final newline. */
export function documentText(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

const runAsScript =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runAsScript) {
  let text: string;
  try {
    text = documentText(await servedOpenApiDocument());
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const target = process.argv[2];
  if (target) writeFileSync(target, text);
  else process.stdout.write(text);
}
