import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import {
  BOUNDARY_NUMBERS,
  integerTextMustBeRefused,
  knownOrFresh,
  type MutatedBody,
  mutate,
  mutationArbitrary,
  NASTY_STRINGS,
  PATH_IDS,
  QUERY_EXTRAS,
  QUERY_NUMBERS,
  RAW_BODIES,
  toJsonText,
} from './inputs.ts';
import { arbitraryOf, conforms, type Schema } from './json-schema.ts';
import type { Operation, World } from './world.ts';

export interface FuzzRequest {
  request: Omit<InjectOptions, 'method'> & { method: string; url: string; headers: Record<string, string> };
  /** Why the server must refuse it, when it must. */
  mustRefuse: string | null;
  /** An Idempotency-Key was sent: the refusal itself is stored, by design. */
  idempotencyKey: boolean;
}

type Parts = { path: string; query: string; mustRefuse: string | null };

const bearer = (key: string) => `Bearer ${key}`;

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses with a URIError) is sent as
 * the bytes of U+FFFD: such a string can reach a server only as the bytes a client makes of it.
 */
const encode = (text: string) =>
  encodeURIComponent(
    text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
  );

/** Path ids and query parameters valid for their schemas, mostly ids that exist. */
function validParts(w: World, op: Operation): fc.Arbitrary<Parts> {
  const params = fc.tuple(...op.params.map((p) => knownOrFresh(p.name)));
  const query = fc.tuple(
    ...op.query.map((q) =>
      fc.option(
        q.name === 'email'
          ? fc.constantFrom('sec-c@example.com', 'SEC-C@example.com', 'nobody@example.com')
          : arbitraryOf(w.document, q.schema, q.name),
        { freq: 2 },
      ),
    ),
  );
  return fc.tuple(params, query).map(([ids, values]) => ({
    path: fillPath(
      op,
      ids.map((id) => encodeURIComponent(id)),
    ),
    query: op.query
      .map((q, i) => (values[i] === null ? null : `${q.name}=${encode(String(values[i]))}`))
      .filter((x) => x !== null)
      .join('&'),
    mustRefuse: null,
  }));
}

function fillPath(op: Operation, encodedIds: string[]): string {
  let i = 0;
  return op.path.replace(/\{[^}]+\}/g, () => encodedIds[i++] ?? 'x');
}

function url(parts: Parts): string {
  return parts.query ? `${parts.path}?${parts.query}` : parts.path;
}

function jsonRequest(op: Operation, parts: Parts, body: unknown, key: string): FuzzRequest['request'] {
  const headers: Record<string, string> = { authorization: bearer(key) };
  const request: FuzzRequest['request'] = { method: op.method, url: url(parts), headers };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    request.payload = toJsonText(body);
  }
  return request;
}

/** Valid requests (valid body, existing and unknown ids) with the shop's full key. */
export function validRequests(w: World, op: Operation): fc.Arbitrary<FuzzRequest> {
  const body = op.body ? arbitraryOf(w.document, op.body) : fc.constant(undefined);
  return fc.tuple(validParts(w, op), body).map(([parts, value]) => ({
    request: jsonRequest(op, parts, value, w.keys.full),
    mustRefuse: null,
    idempotencyKey: false,
  }));
}

/** A valid body with one thing changed: a field dropped, replaced, pushed past a bound, or added. */
export function mutatedBodies(w: World, op: Operation & { body: Schema }): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(validParts(w, op), arbitraryOf(w.document, op.body), mutationArbitrary)
    .map(([parts, value, mutation]) => {
      const mutated: MutatedBody = mutate(w.document, op.body, value, mutation);
      return {
        request: jsonRequest(op, parts, mutated.value, w.keys.full),
        mustRefuse: mutated.mustRefuse ? `invalid body: ${mutated.change}` : null,
        idempotencyKey: false,
      };
    });
}

/** Whole bodies of the wrong kind: other JSON types, broken JSON, deep nesting, other content types. */
export function rawBodies(w: World, op: Operation): fc.Arbitrary<FuzzRequest> {
  return fc.tuple(validParts(w, op), fc.constantFrom(...RAW_BODIES)).map(([parts, raw]) => {
    const headers: Record<string, string> = { authorization: bearer(w.keys.full) };
    if (raw.contentType !== null) headers['content-type'] = raw.contentType;
    const blank = typeof raw.payload === 'string' && raw.payload.trim() === '';
    const isJson = raw.contentType === 'application/json';
    let mustRefuse: string | null = null;
    if (op.body && typeof raw.payload === 'string') {
      if (!isJson) mustRefuse = `a ${raw.contentType ?? 'untyped'} body`;
      else if (blank) mustRefuse = conforms(w.document, op.body, null) ? null : 'no body';
      else if (raw.json === undefined) mustRefuse = 'not JSON';
      else if (!conforms(w.document, op.body, raw.json))
        mustRefuse = `a body of the wrong shape (${raw.name})`;
    } else if (!op.body && op.method === 'POST' && isJson && raw.json !== undefined) {
      const value = raw.json;
      if (value !== null && (typeof value !== 'object' || Array.isArray(value)))
        mustRefuse = `an action route given a ${Array.isArray(value) ? 'array' : typeof value} as its body`;
    }
    return {
      request: { method: op.method, url: url(parts), headers, payload: raw.payload },
      mustRefuse: mustRefuse ? `${raw.name}: ${mustRefuse}` : null,
      idempotencyKey: false,
    };
  });
}

/** One path id or query parameter replaced: too long, badly encoded, NUL, boundary numbers, extras. */
export function pathAndQuery(w: World, op: Operation): fc.Arbitrary<FuzzRequest> {
  const body = op.body ? arbitraryOf(w.document, op.body) : fc.constant(undefined);
  const slots = op.params.length + op.query.length + 1;
  return fc
    .tuple(
      validParts(w, op),
      body,
      fc.nat({ max: slots - 1 }),
      fc.constantFrom(...PATH_IDS),
      fc.constantFrom(...QUERY_NUMBERS),
      fc.constantFrom(...NASTY_STRINGS),
      fc.constantFrom(...QUERY_EXTRAS),
    )
    .map(([valid, value, slot, pathId, number, text, extra]) => {
      const parts: Parts = { ...valid };
      let mustRefuse: string | null = null;
      if (slot < op.params.length) {
        const ids = op.params.map((p) => encodeURIComponent(p.name === 'orderId' ? 'sec-o' : 'sec-c'));
        ids[slot] = pathId;
        parts.path = fillPath(op, ids);
        mustRefuse = pathIdMustBeRefused(pathId);
      } else if (slot < op.params.length + op.query.length) {
        const q = op.query[slot - op.params.length]!;
        const isInteger = q.schema.type === 'integer';
        const textValue = isInteger ? number : encode(text);
        parts.query = [
          ...parts.query.split('&').filter((p) => p && !p.startsWith(`${q.name}=`)),
          `${q.name}=${textValue}`,
        ].join('&');
        if (isInteger && integerTextMustBeRefused(q.schema, textValue))
          mustRefuse = `query ${q.name}=${textValue}`;
        if (!isInteger && text.includes('\u0000')) mustRefuse = `query ${q.name} with NUL`;
        if (
          !isInteger &&
          q.schema.maxLength !== undefined &&
          Array.from(text.trim()).length > q.schema.maxLength
        )
          mustRefuse = `query ${q.name} too long`;
      } else {
        parts.query = [parts.query, extra].filter(Boolean).join('&');
      }
      return { request: jsonRequest(op, parts, value, w.keys.full), mustRefuse, idempotencyKey: false };
    });
}

function pathIdMustBeRefused(encoded: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    return `path id ${encoded} is not valid percent-encoding`;
  }
  if (decoded.includes('\u0000')) return 'path id with NUL';
  if (Array.from(decoded.trim()).length > 100) return `path id of ${decoded.length} characters`;
  if (decoded.trim() === '') return 'blank path id';
  return null;
}

const AUTHORIZATIONS: { name: string; value: (w: World) => string | null; refused: boolean }[] = [
  { name: 'no key', value: () => null, refused: true },
  { name: 'revoked key', value: (w) => bearer(w.keys.revoked), refused: true },
  { name: 'read-only key', value: (w) => bearer(w.keys.readOnly), refused: false },
  { name: 'other shop', value: (w) => bearer(w.keys.otherShop), refused: false },
  { name: 'shop without program', value: (w) => bearer(w.keys.noProgram), refused: false },
  { name: 'unknown key', value: () => bearer(`lk_live_${'0'.repeat(64)}`), refused: true },
  { name: 'long key', value: () => bearer('x'.repeat(10_000)), refused: true },
  { name: 'basic', value: () => 'Basic Zm9vOmJhcg==', refused: true },
  { name: 'empty bearer', value: () => 'Bearer ', refused: true },
  { name: 'lower-case scheme', value: (w) => `bearer ${w.keys.full}`, refused: false },
  { name: 'two keys', value: (w) => `Bearer ${w.keys.full}, Bearer ${w.keys.readOnly}`, refused: false },
  { name: 'tab', value: (w) => `Bearer\t${w.keys.full}`, refused: false },
  { name: 'full key', value: (w) => bearer(w.keys.full), refused: false },
];

const IDEMPOTENCY_KEYS = [
  '',
  ' ',
  'a b',
  'x'.repeat(255),
  'x'.repeat(256),
  'k\u00e9y',
  '\t',
  '../../',
  '%00',
];

/** Keys and headers: missing, revoked, read-only, other shop, malformed; odd Idempotency-Key and X-Request-Id. */
export function headerRequests(w: World, op: Operation): fc.Arbitrary<FuzzRequest> {
  const body = op.body ? arbitraryOf(w.document, op.body) : fc.constant(undefined);
  return fc
    .tuple(
      validParts(w, op),
      body,
      fc.constantFrom(...AUTHORIZATIONS),
      fc.option(fc.oneof(fc.constantFrom(...IDEMPOTENCY_KEYS), fc.stringMatching(/^[\x21-\x7e]{1,40}$/))),
      fc.option(fc.constantFrom('x'.repeat(101), '../', '', 'req 1', '\u00e9')),
      fc.option(fc.constantFrom('application/xml', '*/*', 'text/html', 'application/problem+json')),
    )
    .map(([parts, value, auth, idempotency, requestId, accept]) => {
      const request = jsonRequest(op, parts, value, w.keys.full);
      const authorization = auth.value(w);
      if (authorization === null) delete request.headers.authorization;
      else request.headers.authorization = authorization;
      if (idempotency !== null && op.method === 'POST') request.headers['idempotency-key'] = idempotency;
      if (requestId !== null) request.headers['x-request-id'] = requestId;
      if (accept !== null) request.headers.accept = accept;
      return {
        request,
        mustRefuse: auth.refused ? auth.name : null,
        idempotencyKey: idempotency !== null && op.method === 'POST',
      };
    });
}

/** Paths no route has, with any method and body: always 404 route_not_found. */
export function unknownRoutes(w: World): fc.Arbitrary<FuzzRequest> {
  const paths = fc.oneof(
    fc.constantFrom(
      '/v1/nope',
      '/v1/orders/sec-o/deliver/extra',
      '/v2/orders',
      '/V1/ORDERS',
      '/v1//orders',
      '/v1/orders/',
      `/${'x'.repeat(5000)}`,
      '/v1/members/sec-c/ledger/x',
      '/openapi.json/x',
      '/health/x',
    ),
    fc.stringMatching(/^[a-z0-9-]{1,30}$/).map((s) => `/v1/${s}/${s}/${s}`),
    fc.stringMatching(/^[a-z0-9-]{1,30}$/).map((s) => `/${s}`),
  );
  const body = fc.option(fc.constantFrom(...RAW_BODIES.filter((r) => r.name !== 'too large')), { freq: 2 });
  return fc
    .tuple(paths, fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'), body, fc.boolean())
    .map(([path, method, raw, withKey]) => {
      const headers: Record<string, string> = {};
      if (withKey) headers.authorization = bearer(w.keys.full);
      if (raw?.contentType) headers['content-type'] = raw.contentType;
      return {
        request: { method, url: path, headers, ...(raw ? { payload: raw.payload } : {}) },
        mustRefuse: 'no such route',
        idempotencyKey: false,
      };
    });
}

/** The admin's sign-in form, which takes requests without a key: nested forms, JSON of every kind. */
export function adminSignIns(): fc.Arbitrary<FuzzRequest> {
  const forms = fc.oneof(
    fc.constantFrom(
      'shop=shop1&email=a%40example.com&password=x&_csrf=y',
      'shop[a][b][c]=1&email[]=x&email[]=y',
      `${'a[b]'.repeat(1000)}=1`,
      Array.from({ length: 5000 }, (_, i) => `k${i}=${i}`).join('&'),
      'email=%E0%A4%A&shop=%ED%A0%80',
      'email=%00&shop=%00',
      '__proto__[polluted]=1&constructor[prototype][polluted]=1',
      `password=${'x'.repeat(100_000)}`,
      `shop=${'x'.repeat(1_100_000)}`,
      '=&=&&',
    ),
    fc.constantFrom(...BOUNDARY_NUMBERS).map((n) => `shop=${n}&email=${n}`),
  );
  const form = forms.map((payload) => ({
    payload,
    headers: { 'content-type': 'application/x-www-form-urlencoded' } as Record<string, string>,
  }));
  const raw = fc.constantFrom(...RAW_BODIES).map((r) => ({
    payload: r.payload,
    headers: (r.contentType ? { 'content-type': r.contentType } : {}) as Record<string, string>,
  }));
  const json = fc
    .record({
      shop: fc.constantFrom<unknown>('shop1', ['shop1'], { a: 1 }, '\uD800', 1e308, null),
      email: fc.constantFrom<unknown>('a@example.com', '\u0000', 'x'.repeat(10_000), { $ne: null }),
      password: fc.constantFrom<unknown>('x', [], '\uDFFF'),
      _csrf: fc.constantFrom<unknown>('y', null, { toString: 1 }),
    })
    .map((body) => ({
      payload: JSON.stringify(body),
      headers: { 'content-type': 'application/json' } as Record<string, string>,
    }));
  return fc
    .tuple(
      fc.oneof(form, raw, json),
      fc.constantFrom('/admin/login', '/admin/login?shop=%E0%A4%A', '/admin/login?next=%00'),
    )
    .map(([body, path]) => ({
      request: {
        method: 'POST',
        url: path,
        headers: { ...body.headers, cookie: 'loyalty_admin_login=y' },
        payload: body.payload,
      },
      mustRefuse: 'no such user',
      idempotencyKey: false,
    }));
}
