import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiKeyIdentity } from '../../app/api-keys/authenticate-api-key.ts';

/** The Fastify instance the /v1 routes are registered on, typed by their zod schemas. */
export type Api = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Changes data: refused to read-only keys. Defaults to true for every method but GET. */
    write?: boolean;
    /** Counted against the code-check limits per customer and per client address. */
    codeCheckLimit?: boolean;
    /** Served without an API key (the API description and its docs). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** The caller's key, set by the authentication hook on every /v1 request that reaches a handler. */
    apiKey: ApiKeyIdentity | null;
    /** The Idempotency-Key this request claimed, to store its response under. */
    idempotencyClaim: { shopId: string; key: string } | null;
  }
}

/** The caller's shop: every query a handler makes is scoped to it. */
export function shopOf(request: { apiKey: ApiKeyIdentity | null }): string {
  if (!request.apiKey) throw new Error('An /v1 handler ran without an authenticated key');
  return request.apiKey.shopId;
}
