import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { DomainError } from '../domain/errors.ts';

/**
 * PostgreSQL text cannot hold the NUL character, nor can its json hold a lone UTF-16 surrogate
 * (half of a pair, `\ud800` in JSON), so a value carrying either would fail in the database. It is
 * refused before validation, as the invalid input it is, naming where it was found: in the body,
 * the path or the query string, in a value or in a key.
 */
export function refuseUnstorableText(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
) {
  // A query string is read only by routes that declare one (API) or by pages without schemas (admin).
  const schema = request.routeOptions.schema;
  const query = !schema || schema.querystring ? unstorableAt(request.query, 'query') : undefined;
  const found = unstorableAt(request.params, 'path') ?? query ?? unstorableAt(request.body, '');
  if (found === undefined) return done();
  const [field, what] = found;
  const detail =
    what === 'nul'
      ? 'Text may not contain the NUL character (\\u0000)'
      : 'Text may not contain a lone UTF-16 surrogate (half of a pair, \\ud800–\\udfff)';
  const message =
    what === 'nul' ? 'Remove the NUL character (\\u0000)' : 'Send well-formed Unicode text (UTF-8)';
  done(new DomainError('invalid_input', detail, [{ field: field || '(body)', message }]));
}

type Unstorable = 'nul' | 'surrogate';

function problemOf(text: string): Unstorable | undefined {
  if (text.includes('\u0000')) return 'nul';
  if (!isWellFormed(text)) return 'surrogate';
  return undefined;
}

// Every supported Node.js has String.prototype.isWellFormed (false for a lone surrogate); the
// TypeScript lib in use does not declare it yet.
const isWellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * The dotted path of the first string (or key) that cannot be stored and why, or undefined when
 * none. Walks with a stack of its own, so no nesting can exhaust the call stack. Almost every
 * value has nothing to refuse, so it is first looked through without making a path for each of
 * its strings (for a bulk request of 1,000 order events, tens of thousands of paths); only a value
 * with something to refuse is walked again for the path.
 */
export function unstorableAt(value: unknown, root: string): [string, Unstorable] | undefined {
  if (!holdsUnstorable(value)) return undefined;
  const pending: [unknown, string][] = [[value, root]];
  while (pending.length) {
    const [current, path] = pending.pop()!;
    if (typeof current === 'string') {
      const what = problemOf(current);
      if (what) return [path, what];
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    const entries = Object.entries(current);
    // Pushed in reverse so that the first field is looked at first.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, inner] = entries[i]!;
      const at = path ? `${path}.${key}` : key;
      const what = problemOf(key);
      if (what) return [at, what];
      pending.push([inner, at]);
    }
  }
  return undefined;
}

/** Whether any string or key in `value` cannot be stored; in no particular order. */
function holdsUnstorable(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length) {
    const current = pending.pop();
    if (typeof current === 'string') {
      if (problemOf(current)) return true;
    } else if (Array.isArray(current)) {
      for (const inner of current) if (inner !== null && typeof inner !== 'number') pending.push(inner);
    } else if (current !== null && typeof current === 'object') {
      for (const key of Object.keys(current)) {
        if (problemOf(key)) return true;
        const inner = (current as Record<string, unknown>)[key];
        if (inner !== null && typeof inner !== 'number' && typeof inner !== 'boolean') pending.push(inner);
      }
    }
  }
  return false;
}
