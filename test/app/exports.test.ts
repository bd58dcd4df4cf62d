import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { sql } from 'kysely';
import type { AppContext } from '../../src/app/context.ts';
import { codeExportBatches } from '../../src/app/reports/codes-export.ts';
import { keysetBatches } from '../../src/app/reports/export-batches.ts';
import { ledgerExportBatches } from '../../src/app/reports/ledger-export.ts';
import { memberExportBatches } from '../../src/app/reports/members-export.ts';
import { orderExportBatches } from '../../src/app/reports/orders-export.ts';
import { testApp } from '../support/database.ts';
import { bulkMoment, insertBulkRows } from '../support/export-rows.ts';
import { insertCode, publishedShop } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';

/** The statements an export sends and the rows each brings back, seen on the way to the database. */
class StatementLog implements KyselyPlugin {
  rows: number[] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.rows.push(args.result.rows.length);
    return args.result;
  }
}

const ROWS = 1050;
const BATCH = 100;
const rows = { count: ROWS, start: new Date('2026-06-01T00:00:00Z'), points: 10, cents: 500 };

/** Every row an export yields, and the statements it took, read with a small batch size. */
async function drain<R>(ctx: AppContext, run: (ctx: AppContext) => AsyncGenerator<R[]>) {
  const log = new StatementLog();
  const batches: R[][] = [];
  for await (const batch of run({ db: ctx.db.withPlugin(log), clock: ctx.clock })) batches.push(batch);
  return { batches, all: batches.flat(), statements: log.rows };
}

/**
 * Each statement brings back at most one batch, and the next is sent only when the one before
 * has been handed on: an export's memory is one batch, whatever the table's size.
 */
function assertBatched(statements: number[], batches: unknown[][]) {
  assert.equal(statements.length, Math.ceil(ROWS / BATCH), 'one statement per batch');
  assert.ok(Math.max(...statements) <= BATCH, `at most ${BATCH} rows a statement: ${statements}`);
  assert.deepEqual(
    batches.map((b) => b.length),
    statements.filter((n) => n > 0),
  );
}

describe('exports read in batches', () => {
  const app = suiteFixture(async () => {
    const test = await testApp('2026-07-01T00:00:00Z');
    await publishedShop(test.ctx, 'batches');
    await insertBulkRows(test.ctx, 'batches', rows);
    await publishedShop(test.ctx, 'neighbour');
    await insertBulkRows(test.ctx, 'neighbour', { ...rows, count: 30, points: 20, cents: 700 });
    return test;
  });
  const options = { batchSize: BATCH };

  test('members: every member once, in member-number order, a batch per statement', async () => {
    const { batches, all, statements } = await drain(app.ctx, (ctx) =>
      memberExportBatches(ctx, 'batches', options),
    );
    assertBatched(statements, batches);
    assert.equal(new Set(all.map((m) => m.customerId)).size, ROWS);
    const numbers = all.map((m) => m.member.memberNumber);
    assert.deepEqual(
      numbers,
      [...numbers].sort((a, b) => a - b),
    );
    assert.ok(
      all.every((m) => m.balance === 10 && m.validCodes.count === 1 && m.validCodes.valueCents === 500),
    );
  });

  const period = { start: rows.start, end: bulkMoment(rows, ROWS + 1) };
  /**
   * Drains an export of shop 'batches' and checks it brings every bulk row once, in the order of
   * their `key` (`prefix-00001` on).
   */
  async function eachRowOnce<R>(run: (ctx: AppContext) => AsyncGenerator<R[]>, key: keyof R, prefix: string) {
    const { batches, all, statements } = await drain(app.ctx, run);
    assertBatched(statements, batches);
    assert.deepEqual(
      all.map((row) => row[key]),
      Array.from({ length: ROWS }, (_, i) => `${prefix}-${String(i + 1).padStart(5, '0')}`),
    );
    return all;
  }

  test('the ledger of a period: every entry in it once, a batch per statement', async () => {
    await eachRowOnce((ctx) => ledgerExportBatches(ctx, 'batches', period, options), 'customerId', 'bulk');
  });

  test('codes: every code once, oldest first, a batch per statement', async () => {
    const all = await eachRowOnce((ctx) => codeExportBatches(ctx, 'batches', options), 'code', 'BULK');
    assert.ok(all.every((c) => c.status === 'active' && c.valueCents === 500));
  });

  test('orders of a period: every order once, oldest first, a batch per statement', async () => {
    await eachRowOnce((ctx) => orderExportBatches(ctx, 'batches', period, options), 'id', 'order');
  });

  test('rows with the same time are neither lost nor repeated at a batch boundary', async () => {
    // Ten orders and ten codes of a shop of their own at one moment, read three at a time: the
    // second part of the key (the id, the code) decides between them.
    const { ctx } = app;
    await publishedShop(ctx, 'ties');
    const at = new Date('2026-05-01T00:00:00Z');
    const ids = Array.from({ length: 10 }, (_, i) => `tie-${i}`);
    for (const id of ids) {
      await sql`insert into orders (shop_id, id, customer_id, store_version_id, channel, logged_in, status, earns,
          product_cents, eligible_cents, kept_eligible_cents, placed_at, created_at)
        values ('ties', ${id}, null, 'fi', 'web', false, 'placed', false, 100, 100, 100, ${at}, ${at})`.execute(
        ctx.db,
      );
      await insertCode(ctx, { shopId: 'ties', code: id.toUpperCase(), customerId: 'c1', issuedAt: at });
    }
    const small = { batchSize: 3 };
    const period = { start: at, end: new Date(at.getTime() + 1) };
    const orders = await drain(ctx, (c) => orderExportBatches(c, 'ties', period, small));
    assert.deepEqual(
      orders.all.map((o) => o.id),
      ids,
    );
    const codes = await drain(ctx, (c) => codeExportBatches(c, 'ties', small));
    assert.deepEqual(
      codes.all.map((c) => c.code),
      ids.map((id) => id.toUpperCase()),
    );
  });

  test('a batch size that is not a count is refused before any statement', async () => {
    for (const batchSize of [0, -1, 1.5]) {
      const batches = keysetBatches(
        async () => {
          throw new Error('no statement expected');
        },
        () => 0,
        { batchSize },
      );
      await assert.rejects(batches.next(), RangeError);
    }
  });
});
