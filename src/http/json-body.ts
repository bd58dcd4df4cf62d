import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.ts';

/** Deepest nesting of objects and arrays a JSON body may have; no request of the API needs more than a few. */
export const MAX_JSON_DEPTH = 64;

export class JsonTooDeepError extends Error {
  override readonly name = 'JsonTooDeepError';
  readonly statusCode = 400;
  readonly code = 'json_too_deep';
  constructor() {
    super(`The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep`);
  }
}

/**
 * True when `text` nests objects and arrays deeper than `limit`, found in one pass over the
 * characters (brackets inside strings do not count) before JSON.parse is given the text: a body
 * nested 400,000 deep would otherwise cost a second of parsing and overflow every recursive walk.
 */
export function tooDeep(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

type Parse = ReturnType<FastifyInstance['getDefaultJsonParser']>;

/**
 * The application/json parser of every route: Fastify's own (prototype poisoning refused), after
 * the depth check. An empty body means "no body" (action routes take an optional one). An unknown
 * path is answered 404 without reading its body as JSON.
 */
export function jsonBodyParser(app: FastifyInstance) {
  const parse: Parse = app.getDefaultJsonParser('error', 'error');
  return (
    request: FastifyRequest,
    body: string | Buffer,
    done: (error: Error | null, body?: unknown) => void,
  ) => {
    if (request.is404) return done(null, undefined);
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    if (tooDeep(text)) return done(new JsonTooDeepError());
    return parse(request, text, done);
  };
}

/** Replaces the application/json parser of `app` (and the scopes it contains). */
export function useJsonBodyParser(app: FastifyInstance) {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, jsonBodyParser(app));
}

/** Bodies of the API are JSON objects; an array or a bare value is refused even where the body is optional. */
export function refuseNonObjectBody(request: FastifyRequest, _reply: unknown, done: (error?: Error) => void) {
  const body = request.body;
  if (body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body)))
    return done();
  done(
    new DomainError('invalid_input', 'The body must be a JSON object, or absent', [
      { field: '(body)', message: 'Send a JSON object ({…}) or no body' },
    ]),
  );
}
