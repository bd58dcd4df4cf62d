import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { PURCHASE_RATIOS } from '../../src/domain/program/settings.ts';
import { type ApiHarness, apiHarness } from './harness.ts';

describe('the OpenAPI document and the docs', () => {
  let h: ApiHarness;
  // biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document as JSON
  let document: any;
  before(async () => {
    h = await apiHarness();
    const answer = await h.call('GET', '/openapi.json', { key: null });
    assert.equal(answer.status, 200);
    document = answer.body;
  });
  after(() => h.close());

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

  test('is served without a key, and so are the readable docs', async () => {
    const docs = await h.app.inject({ method: 'GET', url: '/docs/' });
    assert.equal(docs.statusCode, 200);
    assert.match(String(docs.headers['content-type']), /text\/html/);
    assert.match(docs.body, /Loyalty program API/);
    const script = await h.app.inject({ method: 'GET', url: '/docs/js/scalar.js' });
    assert.equal(script.statusCode, 200);
  });
});
