import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Serves /openapi.json and the readable docs at /docs. The docs renderer (Scalar) weighs some
 * 50 MB once loaded, so it is loaded on the first visit to /docs, in a small Fastify instance of
 * its own that the /docs routes forward to; a server nobody reads the docs of never pays for it.
 */
export function docsRoutes(scope: FastifyInstance, document: () => unknown) {
  let docs: Promise<FastifyInstance> | undefined;
  const load = () => {
    docs ??= (async () => {
      const { default: scalar } = await import('@scalar/fastify-api-reference');
      const app = Fastify({ logger: false });
      await app.register(scalar, {
        routePrefix: '/docs',
        configuration: { content: document, pageTitle: 'Loyalty program API', withDefaultFonts: false },
      });
      await app.ready();
      return app;
    })();
    return docs;
  };
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    const app = await load();
    const answer = await app.inject({
      method: 'GET',
      url: request.url,
      headers: { host: request.headers.host ?? 'localhost' },
    });
    const { 'content-length': _length, connection: _connection, ...headers } = answer.headers;
    const html = String(headers['content-type'] ?? '').startsWith('text/html');
    return reply
      .code(answer.statusCode)
      .headers(headers)
      .headers(docsPolicy(html ? answer.body : ''))
      .send(answer.rawPayload);
  };
  const options = { schema: { hide: true }, config: { public: true }, logLevel: 'warn' as const };
  scope.get('/openapi.json', options, async () => document());
  scope.get('/docs', options, forward);
  scope.get('/docs/*', options, forward);
  scope.addHook('onClose', async () => {
    if (docs) await (await docs).close();
  });
}

/**
 * The reference page's own script, its inline start-up script (allowed by its hash, as no other
 * inline script is), the styles the renderer injects, and requests to this service only; no
 * framing, no sniffing.
 */
function docsPolicy(html: string): Record<string, string> {
  const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    ([, script]) => `'sha256-${createHash('sha256').update(script!).digest('base64')}'`,
  );
  return {
    'content-security-policy': [
      "default-src 'self'",
      `script-src 'self' ${hashes.join(' ')}`.trim(),
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "worker-src 'self' blob:",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "base-uri 'none'",
      "object-src 'none'",
    ].join('; '),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
  };
}
