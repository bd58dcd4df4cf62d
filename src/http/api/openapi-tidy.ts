import { MAX_RETRY_AFTER_SECONDS } from '../../domain/limits.ts';
import { requestExamples } from './route-spec.ts';

/**
 * Final touches on the generated OpenAPI document: drop component schemas no operation uses (the
 * generator emits an input and an output variant of every named schema), give request-only
 * schemas their plain name, name success responses, reference the rate-limit headers from every
 * response and Retry-After from 429s and 503s, give every integer its format (from its bounds)
 * and every operation its request example.
 */
// biome-ignore lint/suspicious/noExplicitAny: the document is plain JSON being rewritten
type Json = any;

const SCHEMA_REF = '#/components/schemas/';

export function tidyDocument(document: Json): Json {
  const schemas: Record<string, Json> = document.components?.schemas ?? {};
  const used = usedSchemas(document, schemas);
  const kept = Object.keys(schemas).filter((name) => used.has(name));
  const renames = new Map<string, string>();
  for (const name of kept) {
    const plain = name.replace(/Input$/, '');
    if (plain !== name && !used.has(plain)) renames.set(name, plain);
  }
  let text = JSON.stringify({
    ...document,
    components: { ...document.components, schemas: Object.fromEntries(kept.map((n) => [n, schemas[n]])) },
  });
  for (const [from, to] of renames) {
    text = text.replaceAll(`"${SCHEMA_REF}${from}"`, `"${SCHEMA_REF}${to}"`);
  }
  const tidy = JSON.parse(text);
  for (const [from, to] of renames) {
    tidy.components.schemas[to] = tidy.components.schemas[from];
    delete tidy.components.schemas[from];
  }
  tidy.components.schemas = Object.fromEntries(
    Object.entries(tidy.components.schemas).sort(([a], [b]) => a.localeCompare(b)),
  );
  tidy.components.headers = HEADERS;
  for (const path of Object.values<Json>(tidy.paths ?? {})) {
    for (const operation of Object.values<Json>(path)) {
      for (const [status, response] of Object.entries<Json>(operation.responses ?? {})) {
        if (response.description === 'Default Response')
          response.description = status === '201' ? 'Created' : 'OK';
        response.headers = responseHeaders(status, response.description);
      }
      addExample(operation, requestExamples.get(operation.operationId));
    }
  }
  addIntegerFormats(tidy.paths);
  addIntegerFormats(tidy.components);
  return tidy;
}

/** Names of component schemas reachable from the operations. */
function usedSchemas(document: Json, schemas: Record<string, Json>): Set<string> {
  const used = new Set<string>();
  const pending = [...refsIn(document.paths)];
  while (pending.length) {
    const name = pending.pop()!;
    if (used.has(name) || !schemas[name]) continue;
    used.add(name);
    pending.push(...refsIn(schemas[name]));
  }
  return used;
}

function refsIn(value: Json): string[] {
  const text = JSON.stringify(value ?? null);
  return [...text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
}

const HEADER_REF = '#/components/headers/';

/**
 * The IETF rate-limit fields (draft-ietf-httpapi-ratelimit-headers, structured fields: a list of
 * items, each a policy name with integer parameters) and Retry-After, as the service sends them.
 */
const STRUCTURED_FIELD =
  '^"[\\x20-\\x21\\x23-\\x5b\\x5d-\\x7e]*"(;[a-z]+=[0-9]{1,15})*(, *"[\\x20-\\x21\\x23-\\x5b\\x5d-\\x7e]*"(;[a-z]+=[0-9]{1,15})*)*$';
const HEADERS = {
  RateLimit: {
    description:
      'What is left of the API key’s budget: `r` requests now, and `t` seconds until the whole quota is back (while none is left: until the next request is allowed, as in Retry-After). E.g. `"per-key";r=150;t=1`.',
    schema: { type: 'string', maxLength: 200, pattern: STRUCTURED_FIELD, example: '"per-key";r=150;t=1' },
  },
  'RateLimit-Policy': {
    description:
      'The API key’s budget: a quota of `q` requests per window of `w` seconds. E.g. `"per-key";q=200;w=2`.',
    schema: { type: 'string', maxLength: 200, pattern: STRUCTURED_FIELD, example: '"per-key";q=200;w=2' },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: MAX_RETRY_AFTER_SECONDS, example: 1 },
  },
};

function responseHeaders(status: string, description: string): Record<string, Json> {
  const headers: Record<string, Json> = {};
  if (/^[24]/.test(status)) {
    headers.RateLimit = { $ref: `${HEADER_REF}RateLimit` };
    headers['RateLimit-Policy'] = { $ref: `${HEADER_REF}RateLimit-Policy` };
  }
  // 409 idempotency_key_in_use answers with Retry-After: 1, like 429 and 503.
  if (
    status === '429' ||
    status === '503' ||
    (status === '409' && description.includes('idempotency_key_in_use'))
  ) {
    headers['Retry-After'] = { $ref: `${HEADER_REF}Retry-After` };
  }
  return headers;
}

function addExample(
  operation: Json,
  example: { body?: unknown; params?: Record<string, unknown>; query?: Record<string, unknown> } | undefined,
) {
  if (!example) return;
  const media = operation.requestBody?.content?.['application/json'];
  if (media && example.body !== undefined) media.example = example.body;
  for (const parameter of operation.parameters ?? []) {
    const values =
      parameter.in === 'path' ? example.params : parameter.in === 'query' ? example.query : undefined;
    if (values && values[parameter.name] !== undefined) parameter.example = values[parameter.name];
  }
}

const INT32 = 2 ** 31;

/** `int32` for an integer whose bounds fit in 32 bits, else `int64`: derived, so it cannot drift. */
function addIntegerFormats(value: Json): void {
  if (Array.isArray(value)) {
    for (const item of value) addIntegerFormats(item);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const types = Array.isArray(value.type) ? value.type : [value.type];
  if (types.includes('integer') && value.format === undefined) {
    const low = value.minimum ?? value.exclusiveMinimum;
    const high = value.maximum ?? value.exclusiveMaximum;
    const fits = typeof low === 'number' && typeof high === 'number' && low >= -INT32 && high < INT32;
    value.format = fits ? 'int32' : 'int64';
  }
  for (const [key, inner] of Object.entries(value)) {
    if (key !== 'example' && key !== 'examples') addIntegerFormats(inner);
  }
}
