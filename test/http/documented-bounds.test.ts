import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApiKey } from '../../src/app/api-keys/create-api-key.ts';
import { createOperatorKey } from '../../src/app/operator/operator-keys.ts';
import { exampleShopperToken } from '../shopper/shopper-harness.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { type Bound, boundsIn, fieldName, pastBound, valueAt, withValueAt } from './documented-bounds.ts';
import { apiHarness, servedOpenApiDocument } from './harness.ts';

/**
 * Every bound the OpenAPI document gives a request (maxLength, maxItems, minimum, maximum of the
 * body, the query and the path) is the server's: a request one past it, built from the
 * operation's documented example, is refused with 422 `invalid_input` naming the field. A path
 * parameter one past its maxLength is refused earlier, by the router: 414 `path_too_long`.
 */
// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document as JSON
type Json = any;

describe('the documented request bounds are enforced', () => {
  const h = suiteFixture(() => apiHarness());

  test('each operation has a request example, and one past each bound is refused', async () => {
    const document = await servedOpenApiDocument(h);
    let checked = 0;
    const operations: string[] = [];
    const skipped: string[] = [];
    for (const [path, item] of Object.entries<Record<string, Json>>(document.paths)) {
      for (const [method, operation] of Object.entries<Json>(item)) {
        const name = `${method.toUpperCase()} ${path}`;
        operations.push(name);
        // A key of its own per operation, so that no key's rate limit is reached; the operator
        // API's operations take an operator key.
        const { key } = path.startsWith('/v1/operator/')
          ? await createOperatorKey(h.ctx, { name: name.slice(0, 100) })
          : path.startsWith('/v1/shopper/')
            ? { key: await exampleShopperToken(h.ctx) }
            : await createApiKey(h.ctx, { shopId: 'shop1', name: name.slice(0, 100), readOnly: false });
        const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
        const body = operation.requestBody?.content?.['application/json']?.example;
        const parameters: Json[] = (operation.parameters ?? []).filter(
          (p: Json) => p.in === 'path' || p.in === 'query',
        );
        for (const p of parameters.filter((p) => p.in === 'path' || p.required)) {
          assert.notEqual(p.example, undefined, `${name}: example of ${p.in} parameter ${p.name}`);
        }
        if (bodySchema) assert.notEqual(body, undefined, `${name}: a request body example`);
        const values = {
          path: Object.fromEntries(parameters.filter((p) => p.in === 'path').map((p) => [p.name, p.example])),
          query: Object.fromEntries(
            parameters
              .filter((p) => p.in === 'query' && p.example !== undefined)
              .map((p) => [p.name, p.example]),
          ),
        };
        const send = (pathValues: Record<string, unknown>, query: Record<string, unknown>, sent: unknown) => {
          const url = path.replace(/\{([^}]+)\}/g, (_, n) => encodeURIComponent(String(pathValues[n])));
          const search = new URLSearchParams(
            Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
          ).toString();
          return h.call(method.toUpperCase(), search ? `${url}?${search}` : url, {
            key,
            ...(sent !== undefined ? { body: sent } : {}),
          });
        };

        const valid = await send(values.path, values.query, body);
        assert.ok(
          !(valid.status === 422 && valid.body.code === 'invalid_input'),
          `${name}: the example is valid: ${valid.text}`,
        );

        const bounds: Bound[] = [
          ...(bodySchema ? boundsIn(document, bodySchema, 'body', []) : []),
          ...parameters.flatMap((p) => boundsIn(document, p.schema, p.in, [p.name])),
        ];
        for (const bound of bounds) {
          const current =
            bound.where === 'body' ? valueAt(body, bound.at) : values[bound.where][bound.at[0] as string];
          const past = pastBound(bound, current);
          const label = `${name}: ${fieldName(bound)} ${bound.keyword} ${bound.limit}`;
          if (past === undefined) {
            skipped.push(label);
            continue;
          }
          const answer =
            bound.where === 'body'
              ? await send(values.path, values.query, withValueAt(document, bodySchema, body, bound.at, past))
              : await send(
                  bound.where === 'path' ? { ...values.path, [bound.at[0]!]: past } : values.path,
                  bound.where === 'query' ? { ...values.query, [bound.at[0]!]: past } : values.query,
                  body,
                );
          checked++;
          if (bound.where === 'path' && bound.keyword === 'maxLength') {
            assert.equal(answer.status, 414, `${label}: ${answer.text}`);
            assert.equal(answer.body.code, 'path_too_long');
            continue;
          }
          assert.equal(answer.status, 422, `${label}: ${answer.text.slice(0, 500)}`);
          assert.equal(answer.body.code, 'invalid_input', label);
          assert.ok(
            answer.body.errors.some((e: { field: string }) => e.field === fieldName(bound)),
            `${label}: names the field: ${JSON.stringify(answer.body.errors).slice(0, 500)}`,
          );
        }
      }
    }
    // Strings whose format or pattern cannot be longer (an IPv4 address, a currency code) are
    // bounded by that; everything else was sent one past its bound.
    assert.ok(checked >= 100, `bounds checked: ${checked}`);
    assert.ok(skipped.length <= 4, `skipped: ${skipped.join('; ')}`);
    console.log(`${operations.length} operations, ${checked} bounds checked, skipped: ${skipped.join('; ')}`);
  });
});
