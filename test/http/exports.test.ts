import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import type { z } from 'zod';
import { EXPORT_BATCH_SIZE } from '../../src/app/reports/export-batches.ts';
import {
  codeExportSchema,
  ledgerExportSchema,
  memberExportSchema,
  orderExportSchema,
} from '../../src/http/api/export-schemas.ts';
import { bulkMoment, insertBulkRows } from '../support/export-rows.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { type ApiHarness, apiHarness, servedOpenApiDocument } from './harness.ts';

/** More rows than two batches hold, so that every export crosses batch boundaries. */
const ROWS = 2 * EXPORT_BATCH_SIZE + 345;
const shop1Rows = { count: ROWS, start: new Date('2026-06-01T00:00:00Z'), points: 10, cents: 500 };

/**
 * An export's answer, read as a client reads JSON lines: line by line, each parsed alone and
 * checked against the line schema the OpenAPI document gives.
 */
async function jsonLines(h: ApiHarness, url: string, schema: z.ZodType, key = h.keys.full) {
  const answer = await h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
  assert.equal(answer.statusCode, 200, answer.body.slice(0, 500));
  assert.equal(answer.headers['content-type'], 'application/x-ndjson; charset=utf-8');
  assert.equal(answer.headers['cache-control'], 'no-store');
  assert.ok(answer.body === '' || answer.body.endsWith('\n'), 'every line ends with a newline');
  const lines = answer.body.split('\n').slice(0, -1);
  // biome-ignore lint/suspicious/noExplicitAny: each line is checked against its schema, then read field by field
  return lines.map((line): any => schema.parse(JSON.parse(line)));
}

const period = (from: Date, to: Date) =>
  `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;

describe('JSON-lines exports through the API', () => {
  const h = suiteFixture(async () => {
    const harness = await apiHarness();
    await insertBulkRows(harness.ctx, 'shop1', shop1Rows);
    await insertBulkRows(harness.ctx, 'shop2', { ...shop1Rows, count: 50, points: 20, cents: 700 });
    return harness;
  });

  test('members: every one, once, in member-number order, across batches, with balance and valid codes', async () => {
    const members = await jsonLines(h, '/v1/exports/members', memberExportSchema);
    assert.equal(members.length, ROWS);
    assert.equal(new Set(members.map((m) => m.id)).size, ROWS, 'no member twice');
    const numbers = members.map((m) => m.membership.memberNumber);
    assert.deepEqual(
      numbers,
      [...numbers].sort((a, b) => a - b),
    );
    assert.deepEqual(members[0], {
      object: 'customer',
      id: 'bulk-00001',
      email: 'bulk-00001@example.com',
      phone: null,
      name: 'shop1 bulk 1',
      language: null,
      registeredAt: '2026-06-01T00:00:00.000Z',
      membership: {
        memberNumber: numbers[0],
        joinedAt: '2026-06-01T00:00:00.000Z',
        leftAt: null,
        joinSource: 'import',
        active: true,
      },
      balance: 10,
      validCodes: { count: 1, valueCents: 500 },
      latestOrderStoreVersionId: 'fi',
    });
    assert.ok(members.every((m) => m.name.startsWith('shop1 ') && m.balance === 10));
  });

  test('the ledger of a period: the entries made in it, each once, across batches, with the balance after', async () => {
    const first = 101;
    const last = ROWS - 100;
    const entries = await jsonLines(
      h,
      `/v1/exports/ledger?${period(bulkMoment(shop1Rows, first), bulkMoment(shop1Rows, last + 1))}`,
      ledgerExportSchema,
    );
    assert.deepEqual(
      entries.map((e) => e.customerId),
      Array.from({ length: last - first + 1 }, (_, i) => `bulk-${String(first + i).padStart(5, '0')}`),
      'from included, to left out, in the order posted',
    );
    assert.deepEqual(Object.keys(entries[0]).sort(), [
      'author',
      'balanceAfter',
      'createdAt',
      'customerId',
      'id',
      'kind',
      'points',
      'reason',
      'refId',
      'refType',
    ]);
    assert.ok(entries.every((e) => e.kind === 'join' && e.points === 10 && e.balanceAfter === 10));
    assert.equal(entries[0].createdAt, bulkMoment(shop1Rows, first).toISOString());
  });

  test('codes: every one, oldest first, across batches, with its owner and status', async () => {
    const codes = await jsonLines(h, '/v1/exports/codes', codeExportSchema);
    assert.equal(codes.length, ROWS);
    assert.equal(new Set(codes.map((c) => c.code)).size, ROWS);
    assert.deepEqual(codes[0], {
      code: 'BULK-00001',
      period: '2026-05',
      valueCents: 500,
      points: 100,
      status: 'active',
      issuedAt: '2026-06-01T00:00:00.000Z',
      expiresAt: '2036-05-29T00:00:00.000Z',
      validUntil: '2036-05-28T23:59:59.000Z',
      usedOrderId: null,
      usedAt: null,
      customerId: 'bulk-00001',
    });
    assert.ok(codes.every((c) => c.valueCents === 500));
  });

  test('orders of a period: each once, oldest first, across batches, as the API reads an order', async () => {
    const orders = await jsonLines(
      h,
      `/v1/exports/orders?${period(new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'))}`,
      orderExportSchema,
    );
    assert.equal(orders.length, ROWS);
    assert.deepEqual(
      orders.map((o) => o.id),
      Array.from({ length: ROWS }, (_, i) => `order-${String(i + 1).padStart(5, '0')}`),
    );
    const { lines, returns, ...read } = (await h.call('GET', '/v1/orders/order-00001')).body;
    assert.deepEqual([lines, returns], [[], []]);
    assert.deepEqual(orders[0], { ...read, placedByMember: true });
    assert.ok(orders.every((o) => o.productCents === 500));
  });

  test('a read-only key may export; another shop sees only its own rows', async () => {
    assert.equal((await jsonLines(h, '/v1/exports/codes', codeExportSchema, h.keys.readOnly)).length, ROWS);
    const members = await jsonLines(h, '/v1/exports/members', memberExportSchema, h.keys.otherShop);
    assert.equal(members.length, 50);
    assert.ok(members.every((m) => m.name.startsWith('shop2 ') && m.balance === 20));
    const codes = await jsonLines(h, '/v1/exports/codes', codeExportSchema, h.keys.otherShop);
    assert.ok(codes.length === 50 && codes.every((c) => c.valueCents === 700));
    const all = period(new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'));
    const ledger = await jsonLines(h, `/v1/exports/ledger?${all}`, ledgerExportSchema, h.keys.otherShop);
    assert.ok(ledger.length === 50 && ledger.every((e) => e.points === 20));
    const orders = await jsonLines(h, `/v1/exports/orders?${all}`, orderExportSchema, h.keys.otherShop);
    assert.ok(orders.length === 50 && orders.every((o) => o.productCents === 700));
  });

  test('a period with nothing in it answers no lines', async () => {
    const empty = period(new Date('2020-01-01T00:00:00Z'), new Date('2020-02-01T00:00:00+02:00'));
    assert.deepEqual(await jsonLines(h, `/v1/exports/ledger?${empty}`, ledgerExportSchema), []);
    assert.deepEqual(await jsonLines(h, `/v1/exports/orders?${empty}`, orderExportSchema), []);
  });

  test('a period missing, without an offset or ending before it starts is 422 naming the field', async () => {
    const cases: [string, ...string[]][] = [
      ['/v1/exports/ledger', 'query.from', 'query.to'],
      ['/v1/exports/ledger?from=2026-06-01T00:00:00Z', 'query.to'],
      ['/v1/exports/orders?from=2026-06-01T00:00:00&to=2026-07-01T00:00:00Z', 'query.from'],
      ['/v1/exports/orders?from=2026-07-01T00:00:00Z&to=2026-06-01T00:00:00Z', 'query.to'],
      ['/v1/exports/ledger?from=2026-07-01T00:00:00Z&to=2026-07-01T03:00:00%2B03:00', 'query.to'],
    ];
    for (const [url, ...fields] of cases) {
      const answer = await h.call('GET', url);
      assert.equal(answer.status, 422, url);
      assert.equal(answer.body.code, 'invalid_input');
      assert.deepEqual(
        answer.body.errors.map((e: { field: string }) => e.field),
        fields,
        url,
      );
    }
  });

  test('the document says each export is JSON lines of a named schema, readable with a read-only key', async () => {
    const document = await servedOpenApiDocument(h);
    const lines = {
      '/v1/exports/members': 'MemberExport',
      '/v1/exports/ledger': 'LedgerExport',
      '/v1/exports/codes': 'DiscountCodeExport',
      '/v1/exports/orders': 'OrderExport',
    };
    for (const [path, schema] of Object.entries(lines)) {
      const operation = document.paths[path].get;
      assert.deepEqual(operation.responses['200'].content, {
        'application/x-ndjson': { schema: { $ref: `#/components/schemas/${schema}` } },
      });
      assert.equal(operation.responses['403'].description.includes('api_key_read_only'), false, path);
    }
    const ledger = document.components.schemas.LedgerExport;
    const entry = document.components.schemas.LedgerEntry;
    for (const [name, field] of Object.entries(entry.properties)) {
      assert.deepEqual(ledger.properties[name], field, `LedgerExport.${name} is LedgerEntry's`);
    }
  });
});

describe('a JSON-lines export that fails', () => {
  const h = suiteFixture(async () => {
    const harness = await apiHarness();
    await insertBulkRows(harness.ctx, 'shop1', { ...shop1Rows, count: EXPORT_BATCH_SIZE + 100 });
    return harness;
  });
  const url = `/v1/exports/orders?${period(new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'))}`;
  /** A row no bounded input can produce (it could only come from before the bounds): reading it fails. */
  const breakOrder = (id: string, cents: bigint) =>
    sql`update orders set product_cents = ${String(cents)}::bigint where shop_id = 'shop1' and id = ${id}`.execute(
      h.ctx.db,
    );
  const get = () => h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${h.keys.full}` } });

  test('before its first row: a problem document, and the next export is whole', async () => {
    await breakOrder('order-00001', 2n ** 53n + 1n);
    const broken = await get();
    assert.equal(broken.statusCode, 500);
    assert.equal(JSON.parse(broken.body).code, 'internal_error');
    await breakOrder('order-00001', 500n);
    const next = await get();
    assert.equal(next.statusCode, 200);
    assert.equal(next.body.split('\n').length - 1, EXPORT_BATCH_SIZE + 100);
  });

  test('halfway: the connection ends without the end of the body, never a shorter export', async () => {
    await breakOrder('order-01050', 2n ** 53n + 1n);
    await assert.rejects(get(), /response destroyed before completion/);
    await breakOrder('order-01050', 500n);
    assert.equal((await get()).statusCode, 200);
  });
});
