import fc from 'fast-check';

/** The parts of JSON Schema (as the OpenAPI document writes it) that the fuzz inputs use. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: unknown;
  /** The operation refuses the list's items one by one, each in its own result (POST /v1/order-events). */
  'x-validated-per-item'?: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is plain JSON
export type OpenApiDocument = any;

/** Follows `#/components/schemas/...` references. */
export function resolve(document: OpenApiDocument, schema: Schema): Schema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 20; hops++) {
    const name = current.$ref.replace(/^#\/components\/schemas\//, '');
    current = document.components.schemas[name];
    if (!current) throw new Error(`Unresolved reference ${schema.$ref}`);
  }
  return current;
}

/** Times the date-time pattern allows, the far edges of the calendar included. */
const ISO_EXAMPLES = [
  '2026-06-15T13:00:00+03:00',
  '2026-06-01T09:00:00Z',
  '2025-12-31T23:59:59.999-05:00',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999999+23:59',
  '1970-01-01T00:00:00Z',
  '2028-02-29T00:00:00-23:59',
];
const FORMAT_EXAMPLES: Record<string, string[]> = {
  'date-time': ISO_EXAMPLES,
  email: ['sec-c@example.com', 'new.person@example.org', 'SEC-C@EXAMPLE.COM'],
  ipv4: ['192.0.2.1', '198.51.100.7'],
  ipv6: ['2001:db8::1', '::1'],
  uri: ['https://shop.example/account'],
};

/**
 * Ids that exist in the seeded shop next to ones that do not, by field name, so that valid
 * requests reach past "not found" as often as they stop there.
 */
export const KNOWN_VALUES: Record<string, string[]> = {
  customerId: ['sec-c', 'sec-n', 'sec-g', 'c1', 'c2', 'nope'],
  orderId: ['sec-o', 'sec-guest', 'sec-cancelled', 'nope'],
  reviewId: ['sec-r', 'nope'],
  storeVersionId: ['fi', 'en', 'b2b', 'sec-v', 'nope'],
  storeVersionIds: ['fi', 'en', 'b2b'],
  code: ['SEC-CODE', 'SEC-CODE-2', 'sec code', 'NOPE-CODE'],
  productId: ['jacket', 'scarf', 'gift-card'],
  id: ['sec-o', 'sec-r', 'sec-ret'],
  timeZone: ['Europe/Helsinki', 'UTC', 'America/New_York', 'Mars/Olympus'],
  myAccountUrl: ['https://shop.example/account', 'javascript:alert(1)'],
  introPageUrl: ['https://shop.example/loyalty'],
};

const SMALL = 2 ** 31 - 1;

function integerArbitrary(schema: Schema): fc.Arbitrary<number> {
  const low = schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : schema.minimum;
  const high = schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : schema.maximum;
  const min = Math.max(low ?? -Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER);
  const max = Math.min(high ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const realistic = fc.integer({
    min: Math.max(min, Math.min(0, max)),
    max: Math.max(Math.min(max, 20_000), min),
  });
  const edges = fc.constantFrom(...new Set([min, max, Math.min(min + 1, max), Math.max(max - 1, min)]));
  const wide = fc.integer({ min: Math.max(min, -SMALL), max: Math.min(max, SMALL) });
  return fc.oneof(
    { weight: 6, arbitrary: realistic },
    { weight: 2, arbitrary: edges },
    { weight: 1, arbitrary: wide },
  );
}

function stringArbitrary(schema: Schema, name: string | undefined): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? 30, 30));
  let base: fc.Arbitrary<string>;
  const examples = schema.format ? FORMAT_EXAMPLES[schema.format] : undefined;
  if (examples) base = fc.constantFrom(...examples);
  else if (schema.pattern) base = patterned(schema.pattern, min, schema.maxLength);
  else
    base = fc.oneof(
      fc.string({ minLength: Math.max(min, 1), maxLength: max }),
      fc.string({ minLength: Math.max(min, 1), maxLength: max, unit: 'grapheme' }),
    );
  const known = name ? KNOWN_VALUES[name] : undefined;
  return known
    ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: base })
    : base;
}

function patterned(pattern: string, min: number, max: number | undefined): fc.Arbitrary<string> {
  try {
    return fc
      .stringMatching(new RegExp(pattern))
      .filter((s) => s.length >= min && (max === undefined || s.length <= max));
  } catch {
    return fc.constant('x'.repeat(Math.max(min, 1)));
  }
}

/**
 * An arbitrary of values valid for `schema`: objects with every required and some optional
 * properties, short arrays, numbers and strings within their bounds, known ids by field name.
 */
export function arbitraryOf(document: OpenApiDocument, raw: Schema, name?: string): fc.Arbitrary<unknown> {
  const schema = resolve(document, raw);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map((c) => arbitraryOf(document, c, name)));
  if (schema.allOf) return arbitraryOf(document, Object.assign({}, ...schema.allOf), name);
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return integerArbitrary(schema);
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1e9,
        max: schema.maximum ?? 1e9,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'string':
      return stringArbitrary(schema, name);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 3, 3));
      return fc.array(arbitraryOf(document, schema.items ?? {}, name), { minLength, maxLength });
    }
    case 'object':
    case undefined: {
      if (!schema.properties) return type === 'object' ? fc.constant({}) : fc.constant(null);
      const required = schema.required ?? [];
      const record = Object.fromEntries(
        Object.entries(schema.properties).map(([key, inner]) => [key, arbitraryOf(document, inner, key)]),
      );
      return fc.record(record, { requiredKeys: required });
    }
    default:
      return fc.constant(null);
  }
}

/** The schema of the value at `path` inside a value of `schema` (the first alternative that has it). */
export function schemaAt(
  document: OpenApiDocument,
  raw: Schema,
  path: (string | number)[],
): Schema | undefined {
  let schema: Schema | undefined = resolve(document, raw);
  for (const step of path) {
    if (!schema) return undefined;
    const choices: Schema[] = (schema.anyOf ?? schema.oneOf ?? [schema]).map((c) => resolve(document, c));
    const next: Schema | undefined =
      typeof step === 'number'
        ? choices.find((c) => c.items)?.items
        : choices.find((c) => c.properties?.[step])?.properties?.[step];
    schema = next ? resolve(document, next) : undefined;
  }
  return schema;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * Whether `value` is valid for `schema`, judged conservatively: `false` only when the server
 * must refuse it whatever its own extra rules (formats and trimming are not checked; a string
 * is too long only when it is too long after trimming).
 */
export function conforms(document: OpenApiDocument, raw: Schema, value: unknown): boolean {
  const schema = resolve(document, raw);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return choices.some((c) => conforms(document, c, value));
  if (schema.allOf) return schema.allOf.every((c) => conforms(document, c, value));
  if ('const' in schema) return Object.is(schema.const, value) || schema.const === value;
  if (schema.enum) return schema.enum.includes(value);
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types = [schema.type].flat();
    const ok = types.includes(actual) || (actual === 'integer' && types.includes('number'));
    if (!ok) return false;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return false;
    if (schema.type === 'integer' && !Number.isSafeInteger(value)) return false;
    if (schema.minimum !== undefined && value < schema.minimum) return false;
    if (schema.maximum !== undefined && value > schema.maximum) return false;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return false;
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return false;
  }
  if (typeof value === 'string') {
    if (schema.maxLength !== undefined && Array.from(value.trim()).length > schema.maxLength) return false;
    if (schema.minLength !== undefined && value.length < schema.minLength) return false;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return false;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return false;
    // Items validated one by one are refused in the answer, not with the request.
    const perItem = schema['x-validated-per-item'] === true;
    if (schema.items && !perItem && !value.every((v) => conforms(document, schema.items!, v))) return false;
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!(key in object) || object[key] === undefined) return false;
    }
    for (const [key, inner] of Object.entries(object)) {
      const declared = schema.properties?.[key];
      if (declared) {
        if (!conforms(document, declared, inner)) return false;
      } else if (schema.additionalProperties === false) return false;
    }
  }
  return true;
}
