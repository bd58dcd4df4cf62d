import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { refuseNonObjectBody, useJsonBodyParser } from '../json-body.ts';
import { apiErrorHandler } from './error-handler.ts';
import type { Api } from './types.ts';

/**
 * A scope of the JSON API (the store's, the operator's and the shopper's): validated by zod, JSON
 * bodies only (other bodies are refused with 415) with a depth limit, an empty body taken as none
 * (action routes take an optional one), object bodies only, and every error a problem document.
 */
export function jsonApiScope(scope: FastifyInstance): Api {
  const api = scope.withTypeProvider<ZodTypeProvider>() as Api;
  api.removeContentTypeParser('text/plain');
  useJsonBodyParser(api);
  api.addHook('preValidation', refuseNonObjectBody);
  api.setErrorHandler(apiErrorHandler);
  return api;
}
