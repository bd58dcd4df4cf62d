import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { KeyLookup } from '../../app/api-keys/authenticate-api-key.ts';
import { looksLikeApiKey, looksLikeOperatorKey } from '../../app/api-keys/key-format.ts';
import type { AppContext } from '../../app/context.ts';
import { problem } from '../problem.ts';
import { ApiKeyCache } from './key-cache.ts';

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * Authenticates every /v1 request by its `Authorization: Bearer <key>` header before the body
 * is even read, and refuses read-only keys on routes that change data. The key decides the
 * shop: handlers never take a shop id from the request.
 *
 * A key seen in the last seconds is decided synchronously from the cache: on the hot routes
 * authentication then costs one hash and no promise.
 */
export function apiKeyAuth(ctx: AppContext) {
  const cache = new ApiKeyCache(ctx);
  return function authenticate(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
    if (request.routeOptions.config.public) return done();
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) {
      deny(
        request,
        reply,
        401,
        'api_key_missing',
        'Send your API key in the header "Authorization: Bearer <key>"',
      );
      return;
    }
    const key = match[1]!;
    if (looksLikeOperatorKey(key)) {
      deny(
        request,
        reply,
        401,
        'not_an_api_key',
        'This is an operator key (op_…): the store API takes a shop’s API key (lk_live_… or lk_read_…)',
      );
      return;
    }
    if (!looksLikeApiKey(key)) return decide(request, reply, { status: 'unknown' }, done);
    const cached = cache.peek(key);
    if (cached) return decide(request, reply, cached, done);
    cache.lookUp(key).then((found) => decide(request, reply, found, done), done);
  };
}

function decide(
  request: FastifyRequest,
  reply: FastifyReply,
  found: KeyLookup,
  done: HookHandlerDoneFunction,
) {
  if (found.status === 'unknown') {
    deny(request, reply, 401, 'api_key_invalid', 'This API key is not valid; check that it was copied whole');
    return;
  }
  if (found.status === 'revoked') {
    deny(request, reply, 401, 'api_key_revoked', 'This API key has been revoked; create a new one');
    return;
  }
  if (found.status === 'suspended') {
    deny(
      request,
      reply,
      403,
      'shop_suspended',
      `Shop "${found.shopId}" is suspended by the operator of the service; its API keys work again when it is resumed`,
    );
    return;
  }
  const config = request.routeOptions.config;
  const write = config.write ?? request.method !== 'GET';
  if (write && found.identity.readOnly) {
    deny(
      request,
      reply,
      403,
      'api_key_read_only',
      'This API key is read-only; use a key with full access to change data',
    );
    return;
  }
  request.apiKey = found.identity;
  done();
}

/** Answers the request with the refusal; a hook that sends a reply must not also call done. */
function deny(request: FastifyRequest, reply: FastifyReply, status: 401 | 403, code: string, detail: string) {
  if (status === 401) reply.header('www-authenticate', 'Bearer realm="loyalty"');
  reply
    .code(status)
    .type('application/problem+json')
    .send(problem(status, code, detail, request.id));
}
