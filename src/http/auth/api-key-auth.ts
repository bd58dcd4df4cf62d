import type { FastifyReply, FastifyRequest } from 'fastify';
import { looksLikeApiKey } from '../../app/api-keys/key-format.ts';
import type { AppContext } from '../../app/context.ts';
import { problem } from '../problem.ts';
import { ApiKeyCache } from './key-cache.ts';

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * Authenticates every /v1 request by its `Authorization: Bearer <key>` header before the body
 * is even read, and refuses read-only keys on routes that change data. The key decides the
 * shop: handlers never take a shop id from the request.
 */
export function apiKeyAuth(ctx: AppContext) {
  const cache = new ApiKeyCache(ctx);
  return async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    const config = request.routeOptions.config;
    if (config.public) return;
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) {
      return deny(
        request,
        reply,
        401,
        'api_key_missing',
        'Send your API key in the header "Authorization: Bearer <key>"',
      );
    }
    const key = match[1]!;
    const found = looksLikeApiKey(key) ? await cache.lookUp(key) : ({ status: 'unknown' } as const);
    if (found.status === 'unknown') {
      return deny(
        request,
        reply,
        401,
        'api_key_invalid',
        'This API key is not valid; check that it was copied whole',
      );
    }
    if (found.status === 'revoked') {
      return deny(request, reply, 401, 'api_key_revoked', 'This API key has been revoked; create a new one');
    }
    const write = config.write ?? request.method !== 'GET';
    if (write && found.identity.readOnly) {
      return deny(
        request,
        reply,
        403,
        'api_key_read_only',
        'This API key is read-only; use a key with full access to change data',
      );
    }
    request.apiKey = found.identity;
  };
}

function deny(request: FastifyRequest, reply: FastifyReply, status: 401 | 403, code: string, detail: string) {
  if (status === 401) reply.header('www-authenticate', 'Bearer realm="loyalty"');
  return reply
    .code(status)
    .type('application/problem+json')
    .send(problem(status, code, detail, request.id));
}
