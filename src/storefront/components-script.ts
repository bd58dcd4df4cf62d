import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { bundleComponents, type Compressed, compressScript } from './components-bundle.ts';

/** Where shops load the storefront elements from; v1 stays compatible for as long as it is served. */
export const COMPONENTS_SCRIPT_PATH = '/storefront/v1/loyalty.js';

interface Script extends Compressed {
  etag: string;
}

let script: Promise<Script> | undefined;

/** The built script (dist/storefront/loyalty.js) when running the build, else built from the sources once. */
async function loadScript(): Promise<Script> {
  const built = new URL('./loyalty.js', import.meta.url);
  const text = import.meta.url.endsWith('.js')
    ? await readFile(built, 'utf8').catch(() => bundleComponents())
    : await bundleComponents();
  const compressed = compressScript(text);
  const hash = createHash('sha256').update(compressed.raw).digest('base64url').slice(0, 27);
  return { ...compressed, etag: `"${hash}"` };
}

/**
 * The storefront elements' script, at a stable address, for any page: cached for five minutes
 * and then revalidated by its ETag, compressed with brotli or gzip as the browser accepts.
 */
export function componentsScriptRoute(app: FastifyInstance): void {
  app.get(COMPONENTS_SCRIPT_PATH, { schema: { hide: true } }, async (request, reply) => {
    script ??= loadScript().catch((error: unknown) => {
      script = undefined;
      throw error;
    });
    const { etag, raw, gzip, brotli } = await script;
    reply.headers({
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
      etag,
      vary: 'Accept-Encoding',
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
    });
    const seen = request.headers['if-none-match'];
    if (seen?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      return reply.code(304).send();
    }
    const accepts = String(request.headers['accept-encoding'] ?? '');
    if (/\bbr\b/.test(accepts)) return reply.header('content-encoding', 'br').send(brotli);
    if (/\bgzip\b/.test(accepts)) return reply.header('content-encoding', 'gzip').send(gzip);
    return reply.send(raw);
  });
}
