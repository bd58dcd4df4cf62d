/**
 * Final touches on the generated OpenAPI document: drop component schemas no operation uses (the
 * generator emits an input and an output variant of every named schema), give request-only
 * schemas their plain name, name success responses, and describe Retry-After on 429s.
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
  for (const path of Object.values<Json>(tidy.paths ?? {})) {
    for (const operation of Object.values<Json>(path)) {
      for (const [status, response] of Object.entries<Json>(operation.responses ?? {})) {
        if (response.description === 'Default Response')
          response.description = status === '201' ? 'Created' : 'OK';
        if (status === '429') {
          response.headers = {
            'Retry-After': {
              description: 'Seconds to wait before trying again',
              schema: { type: 'integer' },
            },
          };
        }
      }
    }
  }
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
