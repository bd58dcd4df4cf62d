/**
 * Which documented response statuses the requests of a test produced, for the tests that find
 * every status of the OpenAPI document produced by a real request and no request answered with
 * a status its operation does not document.
 */

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document as JSON
type OpenApiDocument = any;

/**
 * Documented on every operation and produced by no status test: 429 (the per-key rate limit;
 * test/http/code-limits.test.ts and the limiter's own tests drive it), 500 and 503 (a failure of
 * the service or of its database). openapi.test.ts checks that every operation documents them.
 */
const NEVER_PRODUCED = new Set([429, 500, 503]);

/** The operation a request went to, as "GET /v1/members/{customerId}", or undefined for none. */
export function operationOf(document: OpenApiDocument, method: string, url: string): string | undefined {
  const path = url.split('?')[0]!;
  for (const [template, item] of Object.entries<Record<string, unknown>>(document.paths)) {
    if (!item[method.toLowerCase()]) continue;
    const pattern = new RegExp(`^${template.replaceAll('.', '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (pattern.test(path)) return `${method} ${template}`;
  }
  return undefined;
}

/** The statuses each operation answered among the requests sent. */
export function statusesSeen(
  document: OpenApiDocument,
  sent: Iterable<{ method: string; url: string; status: number }>,
): Map<string, Set<number>> {
  const seen = new Map<string, Set<number>>();
  for (const { method, url, status } of sent) {
    const id = operationOf(document, method, url);
    if (id) seen.set(id, (seen.get(id) ?? new Set()).add(status));
  }
  return seen;
}

export interface StatusGaps {
  /** "POST /v1/members 409": documented, never produced. */
  missing: string[];
  /** Produced, not documented. */
  undocumented: string[];
  /** How many operations were compared. */
  operations: number;
}

/** The gaps between the statuses seen and those documented, over the operations whose path `compared` picks. */
export function statusGaps(
  document: OpenApiDocument,
  seen: Map<string, Set<number>>,
  compared: (path: string) => boolean,
): StatusGaps {
  const gaps: StatusGaps = { missing: [], undocumented: [], operations: 0 };
  for (const [path, item] of Object.entries<Record<string, { responses: Record<string, unknown> }>>(
    document.paths,
  )) {
    if (!compared(path)) continue;
    for (const [method, operation] of Object.entries(item)) {
      gaps.operations++;
      const id = `${method.toUpperCase()} ${path}`;
      const documented = new Set(Object.keys(operation.responses).map(Number));
      const statuses = seen.get(id) ?? new Set<number>();
      for (const status of documented) {
        if (!statuses.has(status) && !NEVER_PRODUCED.has(status)) gaps.missing.push(`${id} ${status}`);
      }
      for (const status of statuses) if (!documented.has(status)) gaps.undocumented.push(`${id} ${status}`);
    }
  }
  return gaps;
}
