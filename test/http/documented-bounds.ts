/**
 * Helpers of the documented-bounds test: the bounds an operation's request documents (body,
 * query and path), and for each a request one past it, built from the operation's example.
 */
// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document as JSON
type Json = any;

export type Where = 'body' | 'query' | 'path';

export interface Bound {
  where: Where;
  /** Property names and array indexes from the body, or the parameter's name. */
  at: (string | number)[];
  keyword: 'maxLength' | 'maxItems' | 'maximum' | 'minimum' | 'exclusiveMinimum';
  limit: number;
  schema: Json;
}

/** The field as the API's problem documents name it: `lines.0.quantity`, `query.limit`, `path.orderId`. */
export function fieldName(bound: Bound): string {
  const dotted = bound.at.join('.');
  return bound.where === 'body' ? dotted : `${bound.where}.${dotted}`;
}

export function resolve(document: Json, schema: Json): Json {
  let current = schema;
  while (current?.$ref) current = document.components.schemas[current.$ref.split('/').pop()];
  return current;
}

/** The schema a value is meant to have: the branch of a nullable `anyOf` that is not null. */
function concrete(document: Json, schema: Json): Json {
  const resolved = resolve(document, schema);
  if (resolved?.anyOf) {
    const branch = resolved.anyOf.find((s: Json) => resolve(document, s).type !== 'null');
    return branch ? concrete(document, branch) : resolved;
  }
  return resolved;
}

/** Every documented bound under a schema, with the path to it. */
export function boundsIn(document: Json, schema: Json, where: Where, at: (string | number)[]): Bound[] {
  const s = concrete(document, schema);
  if (!s) return [];
  const found: Bound[] = [];
  for (const keyword of ['maxLength', 'maxItems', 'maximum', 'minimum', 'exclusiveMinimum'] as const) {
    if (typeof s[keyword] === 'number') found.push({ where, at, keyword, limit: s[keyword], schema: s });
  }
  for (const [name, inner] of Object.entries<Json>(s.properties ?? {})) {
    found.push(...boundsIn(document, inner, where, [...at, name]));
  }
  if (s.items) found.push(...boundsIn(document, s.items, where, [...at, 0]));
  return found;
}

/** A small valid value of a schema (for containers the example does not have). */
export function minimal(document: Json, schema: Json, index = 0): Json {
  const s = concrete(document, schema);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.anyOf) return minimal(document, s.anyOf[0], index);
  if (s.default !== undefined) return s.default;
  switch (s.type) {
    case 'object':
      return Object.fromEntries(
        (s.required ?? []).map((n: string) => [n, minimal(document, s.properties[n], index)]),
      );
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, (_, i) => minimal(document, s.items, i));
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, (s.exclusiveMinimum ?? 0) + 1) + index;
    case 'boolean':
      return false;
    case 'string':
      if (s.format === 'date-time') return '2026-06-15T13:00:00Z';
      if (s.format === 'email') return 'a@example.com';
      return `x${index}`.padEnd(s.minLength ?? 1, 'x');
    default:
      return null;
  }
}

/**
 * A value one past the bound that is otherwise valid (a string keeps its format), or undefined
 * when no such value exists: a string whose pattern or format forbids being any longer, an
 * array with no example element to repeat.
 */
export function pastBound(bound: Bound, example: Json): Json {
  const { keyword, limit, schema } = bound;
  if (keyword === 'maximum') return limit + 1;
  if (keyword === 'minimum') return limit - 1;
  if (keyword === 'exclusiveMinimum') return limit;
  if (keyword === 'maxItems') {
    const item = Array.isArray(example) && example.length > 0 ? example[0] : undefined;
    return item === undefined ? undefined : Array.from({ length: limit + 1 }, () => structuredClone(item));
  }
  const length = limit + 1;
  let text: string;
  if (schema.format === 'email') text = `${'a'.repeat(length - '@example.com'.length)}@example.com`;
  else if (schema.format === 'uri')
    text = `https://example.com/${'a'.repeat(length - 'https://example.com/'.length)}`;
  else if (schema.format === 'date-time') text = `2026-06-15T13:00:00.${'0'.repeat(length - 21)}Z`;
  else if (schema.format) return undefined;
  else text = 'A'.repeat(length);
  if (schema.pattern && !new RegExp(schema.pattern, 'u').test(text)) return undefined;
  return text;
}

/** A copy of `value` with `next` at `at`, creating what is missing on the way from the schema. */
export function withValueAt(
  document: Json,
  schema: Json,
  value: Json,
  at: (string | number)[],
  next: Json,
): Json {
  if (at.length === 0) return next;
  const s = concrete(document, schema);
  const [step, ...rest] = at;
  if (typeof step === 'number') {
    const list = Array.isArray(value) && value.length > 0 ? [...value] : [minimal(document, s.items)];
    list[0] = withValueAt(document, s.items, list[0], rest, next);
    return list;
  }
  const object = value !== null && typeof value === 'object' ? { ...value } : minimal(document, s);
  object[step!] = withValueAt(document, s.properties[step!], object[step!], rest, next);
  return object;
}

export function valueAt(value: Json, at: (string | number)[]): Json {
  return at.reduce((v, step) => (v === null || v === undefined ? undefined : v[step]), value);
}
