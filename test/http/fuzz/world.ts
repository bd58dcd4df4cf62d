import { readFileSync } from 'node:fs';
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { type ApiHarness, apiHarness } from '../harness.ts';
import { seedOperations } from '../operations.ts';
import type { OpenApiDocument, Schema } from './json-schema.ts';

/** The fixed seed of every property, printed with each failure; FUZZ_SEED replays another. */
export const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20_260_615;

export interface Operation {
  method: string;
  /** As in the document: `/v1/orders/{orderId}`. */
  path: string;
  body: Schema | undefined;
  bodyRequired: boolean;
  params: { name: string; schema: Schema }[];
  query: { name: string; schema: Schema; required: boolean }[];
  /** Documented error codes by status (from the responses' `Codes:` lists). */
  codes: Map<number, Set<string>>;
  /** It changes data: read-only keys are refused (403 documented). */
  write: boolean;
}

/** Every operation of the document with what a request to it may carry and answer. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<Record<string, OpenApiDocument>>(document.paths)) {
    for (const [method, op] of Object.entries<OpenApiDocument>(item)) {
      const parameters: { in: string; name: string; schema: Schema; required?: boolean }[] =
        op.parameters ?? [];
      const codes = new Map<number, Set<string>>();
      for (const [status, response] of Object.entries<{ description: string }>(op.responses)) {
        codes.set(Number(status), codesIn(response.description));
      }
      out.push({
        method: method.toUpperCase(),
        path,
        body: op.requestBody?.content?.['application/json']?.schema,
        bodyRequired: op.requestBody?.required === true,
        params: parameters.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema, required: p.required === true })),
        codes,
        write: codes.has(403),
      });
    }
  }
  return out;
}

/** The codes a response description lists: "… Codes: `a`, `b`." */
function codesIn(description: string): Set<string> {
  const list = description.split('Codes:')[1] ?? '';
  return new Set([...list.matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]!));
}

/**
 * The API guide's table of error codes by status (docs/api.md, "Errors"): what a client may
 * receive from a route the document does not describe (an unknown path).
 */
export function guideCodes(): Map<number, Set<string>> {
  const text = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
  const section = text.split('## Errors')[1]!.split('\n## ')[0]!;
  const out = new Map<number, Set<string>>();
  for (const line of section.split('\n')) {
    const row = /^\|\s*([\d /]+?)\s*\|(.*)\|\s*$/.exec(line);
    if (!row) continue;
    const codes = [...row[2]!.matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]!);
    for (const status of row[1]!.split('/').map((s) => Number(s.trim()))) {
      out.set(status, new Set([...(out.get(status) ?? []), ...codes]));
    }
  }
  return out;
}

export interface World {
  h: ApiHarness;
  document: OpenApiDocument;
  operations: Operation[];
  keys: Record<'full' | 'readOnly' | 'otherShop' | 'revoked' | 'noProgram', string>;
}

/** The server on a fresh database with the contract tests' shop: members, orders, a review, codes. */
export async function world(): Promise<World> {
  const h = await apiHarness();
  const extra = await seedOperations(h);
  const document = (await h.call('GET', '/openapi.json', { key: null })).body;
  return {
    h,
    document,
    operations: operationsOf(document),
    keys: { ...h.keys, noProgram: extra.noProgram },
  };
}

/** Tables a refused request must leave as they were (api_keys is touched by every authentication). */
const TABLES = [
  'shops',
  'store_versions',
  'programs',
  'customers',
  'members',
  'ledger_entries',
  'member_balances',
  'orders',
  'order_lines',
  'order_returns',
  'reviews',
  'discount_codes',
  'code_redemptions',
  'monthly_runs',
  'mail_outbox',
  'shop_mail_settings',
  'admin_users',
  'admin_sessions',
  'customer_first_orders',
  'order_figures',
  'order_figure_changes',
  'idempotency_keys',
];

/** Row count and a sum of the hashes of every row of each table (no sort: cheap on every write). */
export async function fingerprint(h: ApiHarness, withIdempotency = true): Promise<Record<string, string>> {
  const tables = TABLES.filter((t) => withIdempotency || t !== 'idempotency_keys');
  const columns = tables.map(
    (t) =>
      `(select count(*)::text || ' ' || coalesce(sum(hashtext(r::text)::bigint), 0)::text from ${t} r) as ${t}`,
  );
  const result = await sql.raw<Record<string, string>>(`select ${columns.join(', ')}`).execute(h.ctx.db);
  return result.rows[0]!;
}

export interface Sent {
  /** `method` is any text: the fuzz also sends methods no route knows, and names raw socket cases. */
  request: Omit<InjectOptions, 'method'> & { method: string; url: string };
  status: number;
  type: string;
  text: string;
}

export async function send(h: ApiHarness, request: Sent['request']): Promise<Sent> {
  const response = await h.app.inject(request as InjectOptions);
  return {
    request,
    status: response.statusCode,
    type: String(response.headers['content-type'] ?? ''),
    text: response.body,
  };
}

/** The request and answer in a line or two, for a failure message. */
export function show(sent: Sent): string {
  const { request } = sent;
  const payload = request.payload;
  const body =
    payload === undefined
      ? ''
      : ` body=${Buffer.isBuffer(payload) ? `<bytes ${payload.toString('hex').slice(0, 60)}>` : clip(String(payload))}`;
  const headers = Object.entries(request.headers ?? {})
    .filter(([k]) => k !== 'authorization' || !String(request.headers?.[k]).startsWith('Bearer lk_'))
    .map(([k, v]) => `${k}: ${clip(String(v))}`)
    .join('; ');
  return `${request.method} ${clip(request.url)}${headers ? ` [${headers}]` : ''}${body} -> ${sent.status} ${sent.type} ${clip(sent.text)}`;
}

function clip(text: string): string {
  const escaped = JSON.stringify(text).slice(1, -1);
  return escaped.length > 160 ? `${escaped.slice(0, 140)}… (${text.length} chars)` : escaped;
}

/**
 * The rules every answer keeps: no 5xx; an error is a problem document whose status and code
 * the operation documents (or, outside the described routes, the API guide lists).
 */
export function problemsOf(sent: Sent, documented: Map<number, Set<string>> | undefined): string[] {
  const problems: string[] = [];
  if (sent.status >= 500) problems.push(`answered ${sent.status}`);
  if (sent.status < 400) return problems;
  if (!sent.type.startsWith('application/problem+json')) {
    problems.push(`error ${sent.status} is ${sent.type || 'untyped'}, not application/problem+json`);
    return problems;
  }
  let body: { code?: unknown; status?: unknown };
  try {
    body = JSON.parse(sent.text);
  } catch {
    return [...problems, 'problem document is not JSON'];
  }
  if (typeof body.code !== 'string') return [...problems, 'problem document without a code'];
  if (body.status !== sent.status) problems.push(`problem status ${body.status} differs from ${sent.status}`);
  if (documented && sent.status < 500) {
    const codes = documented.get(sent.status);
    if (!codes) problems.push(`status ${sent.status} (${body.code}) is not documented for the operation`);
    else if (!codes.has(body.code)) problems.push(`code ${body.code} is not documented for ${sent.status}`);
  }
  return problems;
}

/** A refusal must leave the tables as they were. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(before).filter((t) => before[t] !== after[t]);
}
