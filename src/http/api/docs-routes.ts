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
    return reply.code(answer.statusCode).headers(headers).send(answer.rawPayload);
  };
  const options = { schema: { hide: true }, config: { public: true }, logLevel: 'warn' as const };
  scope.get('/openapi.json', options, async () => document());
  scope.get('/docs', options, forward);
  scope.get('/docs/*', options, forward);
  scope.addHook('onClose', async () => {
    if (docs) await (await docs).close();
  });
}
