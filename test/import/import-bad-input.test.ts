import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import type { ImportOutcome } from '../../src/app/import/run-import.ts';
import type { ImportKind } from '../../src/domain/import/columns.ts';
import { testApp } from '../support/database.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import {
  type ImportOptions,
  importedSummary,
  importPath,
  movingShop,
  sample,
  scratchFiles,
  shopRows,
} from './support.ts';

const HEADER = 'order_id,placed_at,customer_id,store_version_id,product_id,quantity,unit_price';
const row = (id: string, extra = '') => `${id},2025-04-01T10:00:00+03:00,c1001,fi,p1,1,10.00${extra}`;
/** An orders file of these rows under HEADER, each line ended. */
const ordersFile = (...rows: string[]) => [HEADER, ...rows, ''].join('\n');

/**
 * Every kind of bad file: each problem is reported with its line and column, the import is refused
 * and nothing is written (the shop's rows are the same before and after).
 */
describe('a bad file is refused with each problem’s line and column, and nothing is written', () => {
  const app = suiteFixture(async () => {
    const opened = await testApp('2026-06-15T10:00:00Z');
    await movingShop(opened.ctx, 'bad');
    const customers = await importPath(opened.ctx, 'bad', 'customers', sample('customers.csv'));
    assert.equal(customers.status, 'imported');
    const files = scratchFiles();
    const close = async () => {
      files.close();
      await opened.close();
    };
    return { ...opened, files, close };
  });

  /** Imports the content, checks nothing was written, and returns the outcome. */
  async function refused(
    kind: ImportKind,
    content: string | Buffer,
    options: ImportOptions = {},
  ): Promise<ImportOutcome> {
    const before = await shopRows(app.ctx, 'bad');
    const path = app.files.write(`${kind}-${Math.random().toString(36).slice(2)}.csv`, content);
    const outcome = await importPath(app.ctx, 'bad', kind, path, options);
    assert.equal(outcome.status, 'refused', JSON.stringify(outcome));
    assert.deepEqual(await shopRows(app.ctx, 'bad'), before, 'nothing was written');
    const { rows } = await sql<{ status: string; problem_count: number }>`
      select status, problem_count from import_jobs where shop_id = 'bad' and id = ${outcome.jobId}`.execute(
      app.ctx.db,
    );
    assert.deepEqual(rows, [{ status: 'refused', problem_count: outcome.problemCount }]);
    return outcome;
  }

  const problems = (outcome: ImportOutcome) => outcome.problems.map((p) => [p.line, p.column, p.code]);

  test('wrong and missing columns', async () => {
    const outcome = await refused(
      'orders',
      'order_id,placed,product_id,quantity,unit_price\no1,x,p,1,1.00\n',
    );
    assert.deepEqual(problems(outcome), [
      [1, 'placed', 'unknown_column'],
      [1, 'placed_at', 'missing_column'],
    ]);
    const twice = await refused('customers', 'customer_id,registered_at,customer_id\n');
    assert.deepEqual(problems(twice), [[1, 'customer_id', 'duplicate_column']]);
  });

  test('a file in another encoding than UTF-8', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('customer_id,registered_at,name\nx1,2025-01-01T00:00:00Z,Anna\nx2,2025-01-01T00:00:00Z,'),
      Buffer.from([0xc4, 0x69, 0x6a, 0xe4]), // "Äijä" in ISO-8859-1
      Buffer.from('\n'),
    ]);
    assert.deepEqual(problems(await refused('customers', latin1)), [[3, 'name', 'not_utf8']]);
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('customer_id,registered_at\n', 'utf16le'),
    ]);
    assert.deepEqual(problems(await refused('customers', utf16)), [[1, null, 'utf16']]);
    const noMark = Buffer.from('customer_id,registered_at\n', 'utf16le');
    assert.deepEqual(problems(await refused('customers', noMark)), [[1, null, 'nul_bytes']]);
  });

  test('a file larger than the service takes (a small limit stands in for 2 GB)', async () => {
    const outcome = await refused('orders', ordersFile(row('o1'), row('o2')), { maxBytes: 100 });
    assert.deepEqual(problems(outcome), [[0, null, 'file_too_large']]);
    assert.deepEqual(outcome.problems[0]!.params, { maxBytes: 100 });
  });

  test('a line with an unclosed quote', async () => {
    const outcome = await refused(
      'orders',
      ordersFile(row('o1'), 'o2,"2025-04-01T10:00:00+03:00,c1001,fi,p1,1,10.00', row('o3')),
    );
    // The value that opens the quote is named: here the second one.
    assert.deepEqual(problems(outcome), [[3, 'placed_at', 'unclosed_quote']]);
    const stray = await refused(
      'orders',
      ordersFile(row('o1'), 'o2,2025-04-01T10:00:00+03:00,c1001,fi,p"1,1,10.00'),
    );
    assert.deepEqual(problems(stray), [[3, 'product_id', 'bad_quote']]);
  });

  test('amounts with thousands separators, negative quantities and amounts, times without an offset', async () => {
    const outcome = await refused(
      'orders',
      ordersFile(
        'o1,2025-04-01T10:00:00+03:00,c1001,fi,p1,1,"1,234.50"',
        'o2,2025-04-01T10:00:00+03:00,c1001,fi,p1,-2,10.00',
        'o3,2025-04-01T10:00:00,c1001,fi,p1,1,10.00',
        'o4,2025-04-01,c1001,fi,p1,1,-5.00',
        'o5,2025-04-01T10:00:00+03:00,c1001,fi,p1,1,"12,50"',
        'o6,2025-04-01T10:00:00+03:00,c1001,fi,p1,1,10.005',
      ),
    );
    assert.deepEqual(problems(outcome), [
      [2, 'unit_price', 'thousands_separator'],
      [3, 'quantity', 'negative_quantity'],
      [4, 'placed_at', 'time_without_offset'],
      [5, 'placed_at', 'time_without_offset'],
      [5, 'unit_price', 'negative_amount'],
      [6, 'unit_price', 'decimal_comma_not_asked'],
      [7, 'unit_price', 'too_many_decimals'],
    ]);
    assert.equal(outcome.problems[0]!.value, '1,234.50');
  });

  test('lines that name no order, rows of an order apart, ids used twice, unknown customers', async () => {
    const outcome = await refused(
      'orders',
      ordersFile(
        row('o1'),
        ',,,,p2,1,5.00',
        row('o2'),
        row('o1'),
        'o3,2025-04-01T10:00:00+03:00,nobody,fi,p1,1,10.00',
      ),
    );
    assert.deepEqual(problems(outcome), [
      [3, 'order_id', 'required'],
      [5, 'order_id', 'order_rows_apart'],
      [6, 'customer_id', 'unknown_customer'],
    ]);
    assert.deepEqual(outcome.problems[1]!.params, { firstLine: 2 });
    const customers = await refused(
      'customers',
      'customer_id,registered_at\nk1,2025-01-01T00:00:00Z\nk2,2025-01-01T00:00:00Z\nk1,2025-01-02T00:00:00Z\n',
    );
    assert.deepEqual(problems(customers), [[4, 'customer_id', 'duplicate_id']]);
    assert.deepEqual(customers.problems[0]!.params, { firstLine: 2 });
    const reviews = await refused(
      'orders',
      `${HEADER},review_id,reviewed_at\n${row('o1', ',r1,2025-04-02T10:00:00Z')}\n${row('o2', ',r1,2025-04-02T10:00:00Z')}\n`,
    );
    assert.deepEqual(problems(reviews), [[3, 'review_id', 'duplicate_id']]);
  });

  test('lines are counted as an editor counts them: CR LF line ends, line breaks inside values, empty lines', async () => {
    const crlf = [
      'customer_id,registered_at,name',
      'w1,2025-01-01T00:00:00Z,Anna',
      '',
      'w2,2025-01-01T00:00:00Z,"Bo\r\nBeckman"',
      'w3,2025-01-01T00:00:00,Cecilia',
      '',
    ].join('\r\n');
    assert.deepEqual(problems(await refused('customers', crlf)), [
      [6, 'registered_at', 'time_without_offset'],
    ]);
  });

  test('a row with more or fewer values than the header', async () => {
    const outcome = await refused(
      'orders',
      ordersFile(`${row('o1')},extra`, `${row('o2')},,`, 'o3,2025-04-01T10:00:00Z'),
    );
    assert.deepEqual(problems(outcome), [
      [2, null, 'field_count'],
      [4, null, 'field_count'],
    ]);
  });

  test('a problem after batches were written still leaves nothing written', async () => {
    const rows = Array.from({ length: 4500 }, (_, i) => row(`many-${i}`));
    rows.push('late,2025-04-01T10:00:00+03:00,c1001,fi,p1,0,10.00');
    const outcome = await refused('orders', ordersFile(...rows));
    assert.deepEqual(problems(outcome), [[4502, 'quantity', 'out_of_range']]);
    assert.equal(outcome.rowsRead, 4501);
  });

  test('of very many problems the first 1,000 are kept and all are counted', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => `m${i},2025-04-01T10:00:00Z,c1001,fi,p1,x,10.00`);
    const outcome = await refused('orders', ordersFile(...rows));
    assert.equal(outcome.problemCount, 1500);
    assert.equal(outcome.problems.length, 1000);
  });

  test('members of unknown customers, and an empty file', async () => {
    const outcome = await refused(
      'members',
      'customer_id,joined_at,opening_balance\nc1001,2025-01-10T09:05:00Z,10\nghost,2025-01-10T09:05:00Z,5\n',
    );
    assert.deepEqual(problems(outcome), [[3, 'customer_id', 'unknown_customer']]);
    assert.deepEqual(problems(await refused('orders', '')), [[0, null, 'empty_file']]);
  });
});

describe('a Finnish spreadsheet’s file: a byte order mark, semicolons and decimal commas', () => {
  const app = suiteFixture(async () => {
    const opened = await testApp('2026-06-15T10:00:00Z');
    await movingShop(opened.ctx, 'fi-shop');
    await importPath(opened.ctx, 'fi-shop', 'customers', sample('customers.csv'));
    return opened;
  });

  test('decimal commas are refused unless asked for, then taken', async () => {
    const refused = await importPath(app.ctx, 'fi-shop', 'orders', sample('orders-semicolon.csv'));
    assert.equal(refused.status, 'refused');
    assert.deepEqual(refused.problems[0], {
      line: 2,
      column: 'order_discount',
      value: '5,00',
      code: 'decimal_comma_not_asked',
    });
    const imported = await importedSummary(app.ctx, 'fi-shop', 'orders', sample('orders-semicolon.csv'), {
      decimalComma: true,
    });
    assert.deepEqual(imported, { orders: 2, written: 2, alreadyThere: 0, lines: 3, returns: 0, reviews: 0 });
    const { rows } = await sql<{
      id: string;
      product_cents: number;
      order_discount_cents: number;
      eligible_cents: number;
    }>`
      select id, product_cents, order_discount_cents, eligible_cents from orders where shop_id = 'fi-shop' order by id`.execute(
      app.ctx.db,
    );
    // 49.90 + 2 × 19.95 − 2.00 line discount − 5.00 order discount.
    assert.deepEqual(rows, [
      { id: '20001', product_cents: 8980, order_discount_cents: 500, eligible_cents: 8980 - 200 - 500 },
      { id: '20002', product_cents: 1500, order_discount_cents: 0, eligible_cents: 1500 },
    ]);
  });

  test('a separator given that the file does not use makes its columns unknown', async () => {
    const files = scratchFiles();
    try {
      const path = files.write('x.csv', 'customer_id;registered_at\nz1;2025-01-01T00:00:00Z\n');
      const outcome = await importPath(app.ctx, 'fi-shop', 'customers', path, { separator: ',' });
      assert.equal(outcome.status, 'refused');
      assert.equal(outcome.problems[0]!.code, 'unknown_column');
      assert.equal(outcome.problems[0]!.line, 1);
    } finally {
      files.close();
    }
  });
});
