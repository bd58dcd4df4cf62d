import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { DomainError } from '../domain/errors.ts';

/**
 * PostgreSQL text cannot hold the NUL character, so a value carrying one (`\u0000` in JSON, `%00`
 * in a path or query) would fail in the database. It is refused before validation, as the invalid
 * input it is, naming where it was found.
 */
export function refuseNulCharacters(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
) {
  // A query string is read only by routes that declare one (API) or by pages without schemas (admin).
  const schema = request.routeOptions.schema;
  const query = !schema || schema.querystring ? nulAt(request.query, 'query.') : undefined;
  const field = nulAt(request.params, 'path.') ?? query ?? nulAt(request.body, '');
  if (field === undefined) return done();
  done(
    new DomainError('invalid_input', 'Text may not contain the NUL character (\\u0000)', [
      { field: field || '(body)', message: 'Remove the NUL character (\\u0000)' },
    ]),
  );
}

/** The path of the first string (or key) holding a NUL character, or undefined when none does. */
function nulAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path.replace(/\.$/, '') : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const at = `${path}${key}`;
    if (key.includes('\u0000')) return at;
    const found = nulAt(inner, `${at}.`);
    if (found !== undefined) return found;
  }
  return undefined;
}
