import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { PURCHASE_RATIOS } from '../../src/domain/program/settings.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { apiHarness, servedOpenApiDocument } from './harness.ts';

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document as JSON
type Json = any;

describe('the OpenAPI document and the docs', () => {
  const h = suiteFixture(() => apiHarness());
  let document: Json;
  before(async () => {
    document = await servedOpenApiDocument(h);
  });

  test('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    assert.deepEqual(result.errors, undefined);
    assert.equal(result.valid, true);
    assert.equal(validator.version, '3.1');
  });

  test('describes the /v1 routes only, each with an id, a summary, a tag and the key scheme', () => {
    const paths = Object.keys(document.paths);
    assert.ok(paths.length >= 20);
    assert.deepEqual(
      paths.filter((p) => !p.startsWith('/v1/')),
      [],
    );
    const ids = new Set<string>();
    for (const item of Object.values<
      Record<string, { operationId: string; summary: string; tags: string[] }>
    >(document.paths)) {
      for (const operation of Object.values(item)) {
        assert.ok(
          operation.operationId && operation.summary && operation.tags.length === 1,
          JSON.stringify(operation),
        );
        ids.add(operation.operationId);
      }
    }
    assert.equal(
      ids.size,
      Object.values(document.paths).flatMap((i) => Object.keys(i as object)).length,
      'unique ids',
    );
    assert.deepEqual(document.security, [{ apiKey: [] }]);
    assert.equal(document.components.securitySchemes.apiKey.scheme, 'bearer');
  });

  test('comes from the schemas that validate requests and the domain’s settings schema', () => {
    const settings = document.components.schemas.ProgramSettings;
    const ratios = settings.properties.purchaseRatioCents.anyOf.map((s: { const: number }) => s.const);
    assert.deepEqual(ratios, [...PURCHASE_RATIOS]);
    const order = document.components.schemas.NewOrder;
    assert.deepEqual(order.required.sort(), ['id', 'lines', 'loggedIn', 'placedAt', 'storeVersionId']);
    assert.equal(order.properties.placedAt.format, 'date-time');
  });

  test('errors are problem documents; POSTs take an Idempotency-Key; code checks document 429 with Retry-After', () => {
    const post = document.paths['/v1/orders'].post;
    assert.deepEqual(Object.keys(post.responses['404'].content), ['application/problem+json']);
    assert.ok(
      post.parameters.some(
        (p: { in: string; name: string }) => p.in === 'header' && p.name === 'idempotency-key',
      ),
    );
    const check = document.paths['/v1/checkout/code-checks'].post;
    assert.ok(check.responses['429'].headers['Retry-After']);
    assert.match(check.responses['401'].description, /api_key_missing/);
  });

  test('every operation documents 429, 500 and 503 problems, the rate-limit headers and a request example', () => {
    const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });
    assert.deepEqual(Object.keys(document.components.headers).sort(), [
      'RateLimit',
      'RateLimit-Policy',
      'Retry-After',
    ]);
    for (const [path, item] of Object.entries<Record<string, Json>>(document.paths)) {
      for (const [method, operation] of Object.entries<Json>(item)) {
        const name = `${method.toUpperCase()} ${path}`;
        for (const status of ['429', '500', '503']) {
          const response = operation.responses[status];
          assert.ok(response, `${name} ${status}`);
          assert.deepEqual(response.content['application/problem+json'].schema, {
            $ref: '#/components/schemas/Problem',
          });
        }
        assert.match(operation.responses['429'].description, /`rate_limited`/);
        assert.deepEqual(operation.responses['429'].headers['Retry-After'], ref('Retry-After'));
        assert.deepEqual(operation.responses['503'].headers['Retry-After'], ref('Retry-After'));
        for (const [status, response] of Object.entries<Json>(operation.responses)) {
          if (!/^[24]/.test(status)) continue;
          assert.deepEqual(response.headers.RateLimit, ref('RateLimit'), `${name} ${status}`);
          assert.deepEqual(
            response.headers['RateLimit-Policy'],
            ref('RateLimit-Policy'),
            `${name} ${status}`,
          );
        }
        const body = operation.requestBody?.content?.['application/json'];
        if (body) assert.notEqual(body.example, undefined, `${name}: request example`);
        for (const parameter of operation.parameters ?? []) {
          if (parameter.in === 'path')
            assert.notEqual(parameter.example, undefined, `${name} ${parameter.name}`);
        }
      }
    }
    assert.ok(document.servers.length > 0 && document.info.contact && document.info.license);
  });

  test('every integer has a format from its bounds, every string and array a maximum', () => {
    const walk = (value: Json, at: string) => {
      if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) walk(v, `${at}.${i}`);
        return;
      }
      if (value === null || typeof value !== 'object') return;
      if (value.type === 'integer') {
        const low = value.minimum ?? value.exclusiveMinimum;
        const int32 = low >= -(2 ** 31) && value.maximum < 2 ** 31;
        assert.equal(value.format, int32 ? 'int32' : 'int64', at);
      }
      if (value.type === 'string' && value.enum === undefined && value.const === undefined) {
        assert.equal(typeof value.maxLength, 'number', at);
      }
      for (const [key, inner] of Object.entries(value)) if (key !== 'example') walk(inner, `${at}.${key}`);
    };
    walk(document.paths, 'paths');
    walk(document.components, 'components');
  });

  test('is served without a key, and so are the readable docs', async () => {
    const docs = await h.app.inject({ method: 'GET', url: '/docs/' });
    assert.equal(docs.statusCode, 200);
    assert.match(String(docs.headers['content-type']), /text\/html/);
    assert.match(docs.body, /Loyalty program API/);
    const script = await h.app.inject({ method: 'GET', url: '/docs/js/scalar.js' });
    assert.equal(script.statusCode, 200);
  });
});
