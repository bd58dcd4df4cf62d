import fc from 'fast-check';
import {
  arbitraryOf,
  conforms,
  KNOWN_VALUES,
  type OpenApiDocument,
  type Schema,
  schemaAt,
} from './json-schema.ts';

/** JSON text put into a body exactly as written (numbers JSON.stringify cannot write, deep nesting). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** A value as the server's JSON parser will see it (for the conformance check), or `undefined` when unknown. */
function parsedOf(value: unknown): unknown {
  if (value instanceof RawJson) {
    try {
      return JSON.parse(value.text);
    } catch {
      return undefined;
    }
  }
  if (Array.isArray(value)) return value.map(parsedOf);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, parsedOf(v)]));
  return value;
}

/** JSON.stringify, with RawJson values written verbatim. */
export function toJsonText(value: unknown): string {
  const marks: string[] = [];
  const text = JSON.stringify(value, (_key, inner) => {
    if (inner instanceof RawJson) {
      marks.push(inner.text);
      return `\u0001raw${marks.length - 1}\u0001`;
    }
    return inner;
  });
  return text.replace(/"\\u0001raw(\d+)\\u0001"/g, (_m, i: string) => marks[Number(i)]!);
}

export const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
export const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const TWO_53 = 2 ** 53;

/** Numbers at and past the edges of 32-bit, safe-integer and double ranges, as JSON text. */
export const BOUNDARY_NUMBERS = [
  '0',
  '-0',
  '-1',
  '1',
  '1.5',
  '0.1',
  '-1.5',
  '2147483647',
  '2147483648',
  '-2147483649',
  '4294967296',
  String(TWO_53 - 1),
  String(TWO_53),
  String(TWO_53 + 2),
  '9007199254740993',
  String(-(TWO_53 - 1)),
  String(-TWO_53),
  '18446744073709551616',
  '1e308',
  '-1e308',
  '1e309',
  '1e-400',
  '1E2',
  '100000000000000000000000000000',
  '0.0000001',
  '5e-324',
];

/** Text that is awkward for a database, a regex or a UTF-8 encoder. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\t\n',
  'x'.repeat(101),
  'x'.repeat(10_000),
  'é'.repeat(101),
  '😀'.repeat(60),
  '\uD800',
  '\uDFFF',
  'a\uD800b',
  '\uDFFF\uD800',
  '\uDBFF',
  '\u0000',
  'a\u0000b',
  '\uFEFF',
  '\u202Eevil',
  '\u2028\u2029',
  'NaN',
  'Infinity',
  '-0',
  '1e308',
  '9007199254740993',
  'null',
  'true',
  '%E0%A4%A',
  "'; drop table orders; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log-injection probe, literally
  '${jndi:ldap://x}',
  '2026-02-30T10:00:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59+23:59',
  '2026-06-15T13:00:00',
  '__proto__',
];

/** Values of every JSON type, for "wrong type" mutations. */
const WRONG_TYPES: unknown[] = [null, true, false, [], {}, [1, 2], { a: 1 }, 'text', 0, -1, 1.5];

const replacement = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...BOUNDARY_NUMBERS).map((t) => new RawJson(t)) },
    { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    { weight: 2, arbitrary: fc.constantFrom(...WRONG_TYPES) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(100, 1000, 10_000)
        .chain((d) => fc.constantFrom(new RawJson(deepArray(d)), new RawJson(deepObject(d)))),
    },
    { weight: 1, arbitrary: fc.array(fc.constant('x'), { minLength: 1001, maxLength: 1001 }) },
  );

type Path = (string | number)[];

function pathsOf(value: unknown, path: Path = []): Path[] {
  const here = [path];
  if (Array.isArray(value)) return here.concat(value.flatMap((v, i) => pathsOf(v, [...path, i])));
  if (value && typeof value === 'object' && !(value instanceof RawJson))
    return here.concat(Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...path, k])));
  return here;
}

function setAt(
  value: unknown,
  path: Path,
  update: (parent: Record<string | number, unknown>, key: string | number) => void,
) {
  const copy = structuredClone(value);
  let parent = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  update(parent, path[path.length - 1]!);
  return copy;
}

export type Mutation =
  | { kind: 'drop'; at: number }
  | { kind: 'replace'; at: number; with: unknown }
  | { kind: 'edge'; at: number; which: number }
  | { kind: 'unknownField'; at: number; key: string; with: unknown };

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), with: replacement() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('edge' as const), at: fc.nat(), which: fc.nat() }) },
  fc.record({
    kind: fc.constant('unknownField' as const),
    at: fc.nat(),
    key: fc.constantFrom('unknown', '__proto__', 'constructor', '\uD800', '', 'x'.repeat(300), 'a\u0000'),
    with: replacement(),
  }),
);

/** The number just inside and just outside each bound of a numeric schema, and big strings for string ones. */
function edgesOf(schema: Schema | undefined): unknown[] {
  if (!schema) return [new RawJson(String(TWO_53))];
  const numbers: number[] = [];
  for (const bound of [schema.minimum, schema.maximum, schema.exclusiveMinimum, schema.exclusiveMaximum]) {
    if (bound !== undefined) numbers.push(bound - 1, bound, bound + 1);
  }
  const out: unknown[] = numbers.map(
    (n) => new RawJson(Number.isSafeInteger(n) ? String(n) : n.toExponential()),
  );
  if (schema.maximum === Number.MAX_SAFE_INTEGER)
    out.push(new RawJson('9007199254740992'), new RawJson('9007199254740993'));
  if (schema.maxLength !== undefined)
    out.push('y'.repeat(schema.maxLength), 'y'.repeat(schema.maxLength + 1));
  if (schema.type === 'string' || schema.anyOf?.some((s) => s.type === 'string'))
    out.push('\uD800', 'a\uDFFFb', '\u0000', '', ' ', '0000-01-01T00:00:00Z', '2026-02-30T00:00:00Z');
  if (schema.maxItems !== undefined) out.push([]);
  return out.length ? out : [new RawJson('1e308')];
}

export interface MutatedBody {
  value: unknown;
  /** What was done, for the failure message. */
  change: string;
  /** The parsed body breaks the schema: the server must refuse it. */
  mustRefuse: boolean;
}

/** Applies one mutation to a valid body and says whether the result must be refused. */
export function mutate(
  document: OpenApiDocument,
  schema: Schema,
  body: unknown,
  mutation: Mutation,
): MutatedBody {
  const paths = pathsOf(body);
  const path = paths[mutation.at % paths.length]!;
  const where = path.length ? path.join('.') : '(body)';
  let value: unknown;
  let change: string;
  switch (mutation.kind) {
    case 'drop':
      // An empty body is "no body", which a route whose body may be null takes as null.
      if (!path.length) return judge(document, schema, null, 'body left out');
      value = setAt(body, path, (parent, key) => {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      });
      change = `dropped ${where}`;
      break;
    case 'replace':
    case 'edge': {
      const next =
        mutation.kind === 'replace'
          ? mutation.with
          : (() => {
              const edges = edgesOf(schemaAt(document, schema, path));
              return edges[mutation.which % edges.length];
            })();
      value = path.length ? setAt(body, path, (parent, key) => (parent[key] = next)) : next;
      change = `${where} = ${describe(next)}`;
      break;
    }
    case 'unknownField': {
      const objectPaths = paths.filter((p) => {
        const v = p.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k as string], body);
        return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RawJson);
      });
      if (!objectPaths.length) return judge(document, schema, body, 'unchanged');
      const target = objectPaths[mutation.at % objectPaths.length]!;
      value = structuredClone(body);
      const parent = target.reduce<unknown>(
        (o, k) => (o as Record<string, unknown>)[k as string],
        value,
      ) as Record<string, unknown>;
      Object.defineProperty(parent, mutation.key, {
        value: mutation.with,
        enumerable: true,
        configurable: true,
        writable: true,
      });
      change = `${target.length ? target.join('.') : '(body)'}[${describe(mutation.key)}] = ${describe(mutation.with)}`;
      break;
    }
  }
  return judge(document, schema, value, change);
}

function judge(document: OpenApiDocument, schema: Schema, value: unknown, change: string): MutatedBody {
  const unknown = hasUnparsed(value);
  return { value, change, mustRefuse: !unknown && !conforms(document, schema, parsedOf(value)) };
}

function hasUnparsed(value: unknown): boolean {
  if (value instanceof RawJson) return parsedOf(value) === undefined;
  if (Array.isArray(value)) return value.some(hasUnparsed);
  if (value && typeof value === 'object') return Object.values(value).some(hasUnparsed);
  return false;
}

export function describe(value: unknown): string {
  const text = value instanceof RawJson ? value.text : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 60)}… (${text.length} chars)` : text;
}

/** Whole bodies that are not what any route takes, with the content type they are sent as. */
export interface RawBody {
  name: string;
  payload: string | Buffer;
  contentType: string | null;
  /** The JSON value it parses to, when it is valid JSON. */
  json?: unknown;
}

const json = (name: string, text: string): RawBody => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return {
    name,
    payload: text,
    contentType: 'application/json',
    ...(parsed !== undefined ? { json: parsed } : {}),
  };
};

export const RAW_BODIES: RawBody[] = [
  json('empty array', '[]'),
  json('array', '[1,2,3]'),
  json('array of objects', '[{"id":"x"}]'),
  json('number', '42'),
  json('negative zero', '-0'),
  json('huge number', '1e309'),
  json('string', '"text"'),
  json('lone surrogate string', '"\\ud800"'),
  json('true', 'true'),
  json('null', 'null'),
  { name: 'empty', payload: '', contentType: 'application/json' },
  { name: 'spaces', payload: '   \n', contentType: 'application/json' },
  json('truncated', '{"broken'),
  json('trailing garbage', '{"a":1}{'),
  json('single quotes', "{'a':1}"),
  json('trailing comma', '{"a":1,}'),
  json('NaN', '{"a":NaN}'),
  json('comment', '{"a":1 /* c */}'),
  json('proto key', '{"__proto__":{"polluted":true}}'),
  json('constructor key', '{"constructor":{"prototype":{"polluted":true}}}'),
  json('duplicate keys', '{"id":"a","id":"b"}'),
  json('lone surrogate key', '{"\\ud800":1}'),
  json('escaped NUL key', '{"\\u0000":1}'),
  json('deep array 100', deepArray(100)),
  json('deep object 100', deepObject(100)),
  json('deep array 10000', deepArray(10_000)),
  json('deep object 10000', deepObject(10_000)),
  json('deep array 100000', deepArray(100_000)),
  json('wide object', `{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`),
  json('BOM', '\uFEFF{}'),
  { name: 'too large', payload: `{"a":"${'x'.repeat(1_100_000)}"}`, contentType: 'application/json' },
  {
    name: 'invalid UTF-8',
    payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    contentType: 'application/json',
  },
  {
    name: 'CESU lone surrogate',
    payload: Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]),
    contentType: 'application/json',
  },
  {
    name: 'UTF-16 JSON',
    payload: Buffer.from('{"a":1}', 'utf16le'),
    contentType: 'application/json; charset=utf-16',
  },
  { name: 'JSON as text/plain', payload: '{}', contentType: 'text/plain' },
  { name: 'form', payload: 'a=1&b[c][d]=2', contentType: 'application/x-www-form-urlencoded' },
  {
    name: 'multipart',
    payload: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
    contentType: 'multipart/form-data; boundary=x',
  },
  { name: 'XML', payload: '<a/>', contentType: 'application/xml' },
  { name: 'no content type', payload: '{}', contentType: null },
  { name: 'odd JSON type', payload: '{}', contentType: 'application/json; charset=latin1' },
  { name: 'vendor JSON type', payload: '{}', contentType: 'application/vnd.api+json' },
  { name: 'bad content type', payload: '{}', contentType: ';;;' },
];

/** Path id values: too long, badly percent-encoded, encoded NUL and surrogates, dot segments. */
export const PATH_IDS = [
  'x'.repeat(100),
  'x'.repeat(101),
  'x'.repeat(5000),
  '%E0%A4%A',
  '%',
  '%zz',
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%F0%9F%98',
  '%C0%AF',
  '%FF',
  '%uD800',
  '%2F',
  '%20',
  '%09',
  encodeURIComponent('😀'.repeat(51)),
  encodeURIComponent('é'.repeat(101)),
  encodeURIComponent('\u202E'),
  'sec-c%3Fx%3D1',
  '%252F',
];

/** Query strings: unknown and repeated parameters, bad encodings, prototype names. */
export const QUERY_EXTRAS = [
  'unknown=1',
  '__proto__=1',
  'constructor=x',
  'a[b]=c',
  'hasOwnProperty=1',
  '%E0%A4%A=1',
  'x=%E0%A4%A',
  'x=%00',
  `${'k=1&'.repeat(2000)}k=1`,
  'x'.repeat(5000),
  '&&&=&',
];

/** Values for integer query parameters, as text. */
export const QUERY_NUMBERS = [
  ...BOUNDARY_NUMBERS,
  '',
  'abc',
  '0x10',
  ' 1',
  'NaN',
  'Infinity',
  '%E0%A4%A',
  '%00',
  '1%00',
];

/** A path-or-query value that must be refused by an integer schema: it is not a safe integer in range. */
export function integerTextMustBeRefused(schema: Schema, text: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    return false;
  }
  if (/^\s*$/.test(decoded)) return false;
  const value = Number(decoded);
  return !conforms({}, { ...schema, type: 'integer' }, value);
}

/** A valid-for-the-schema value arbitrary of the body, path and query of one operation. */
export function validBody(document: OpenApiDocument, schema: Schema): fc.Arbitrary<unknown> {
  return arbitraryOf(document, schema);
}

export function knownOrFresh(name: string): fc.Arbitrary<string> {
  const known = KNOWN_VALUES[name] ?? ['nope'];
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9-]{1,20}$/) },
  );
}
