import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { monthStatement } from '../../src/app/billing/month-statement.ts';
import { currentBalance } from '../../src/app/ledger/balance.ts';
import { createProgram, publishProgram } from '../../src/app/program/manage-program.ts';
import { dashboardFigures } from '../../src/app/reports/dashboard.ts';
import { serviceContext } from '../../src/app/service-context.ts';
import { estimateProgram } from '../../src/app/simulation/estimate.ts';
import type { SimulationRules } from '../../src/domain/simulation/simulate.ts';
import { testApp } from '../support/database.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import {
  FIRST_SAMPLE_SUMMARIES,
  importedSummary,
  importSamples,
  movingShop,
  scratchFiles,
  shopRows,
} from './support.ts';

const TZ = 'Europe/Helsinki';
const APRIL_2025 = { from: '2025-04-01', to: '2025-04-30' };
const rules: SimulationRules = {
  purchaseRatioCents: 100,
  joinPoints: 50,
  reviewPoints: 20,
  tiers: [{ points: 100, valueCents: 500 }],
  storeVersionIds: ['fi', 'en'],
};

/** The sample files of docs/import-samples/ imported into a shop moving in, on a service's context. */
describe('a shop moving in imports its customers, members and order history', () => {
  const app = suiteFixture(async () => {
    const opened = await testApp('2026-06-15T10:00:00Z');
    const ctx = serviceContext(opened.ctx);
    await movingShop(ctx, 'moving');
    return { ...opened, ctx };
  });

  test('the sample files import, and the estimate and dashboard show the history at once', async () => {
    const { ctx } = app;
    const { customers, members, orders } = FIRST_SAMPLE_SUMMARIES;
    await importSamples(ctx, 'moving', { customers, members });

    // Read before the orders come: both are then kept by the service for a while.
    const before = await estimateProgram(ctx, { shopId: 'moving', range: APRIL_2025, timeZone: TZ, rules });
    assert.equal(before.estimate.totals.purchase, 0);
    assert.equal((await dashboardFigures(ctx, 'moving', APRIL_2025, TZ)).totals.allOrders, 0);

    await importSamples(ctx, 'moving', { orders });

    const after = await estimateProgram(ctx, { shopId: 'moving', range: APRIL_2025, timeZone: TZ, rules });
    // 10001 keeps 59.90 (79.90 − 10.00 line − 10.00 order discount; the gift card earns nothing),
    // 10002 keeps 10.00 of 15.00 after one sock came back; the guest's sale at the till and the
    // cancelled order count for nothing. One approved review, on 10001.
    assert.equal(after.estimate.totals.purchase, 59 + 10);
    assert.equal(after.estimate.totals.review, 20);
    assert.equal(after.cached, false, 'the import made the estimate read the history again');

    const dashboard = await dashboardFigures(ctx, 'moving', APRIL_2025, TZ);
    assert.equal(
      dashboard.totals.allOrders,
      3,
      '10001, 10002 and the sale at the till; not the cancelled one',
    );
    assert.equal(dashboard.totals.memberOrders, 2);
    assert.equal(dashboard.totals.allOrderCents, 5990 + 1500 + 2500);
    assert.equal(dashboard.totals.memberOrderCents, 5990 + 1500);
  });

  test('imported history earns no points; the opening balance is an entry with the reason and the file', async () => {
    const { ctx } = app;
    const { rows: orders } = await sql<{
      id: string;
      status: string;
      earns: boolean;
      points_earned: number;
      import_id: string | null;
      kept_eligible_cents: number;
      placed_by_member: boolean;
    }>`select id, status, earns, points_earned, import_id, kept_eligible_cents, placed_by_member
       from orders where shop_id = 'moving' order by id`.execute(ctx.db);
    assert.deepEqual(
      orders.map((o) => [o.id, o.status, o.earns, o.points_earned, o.import_id !== null]),
      [
        ['10001', 'delivered', false, 0, true],
        ['10002', 'delivered', false, 0, true],
        ['10003', 'delivered', false, 0, true],
        ['10004', 'cancelled', false, 0, true],
        ['10005', 'placed', false, 0, true],
      ],
    );
    assert.equal(orders[1]!.kept_eligible_cents, 1000);
    assert.equal(orders[2]!.placed_by_member, false, 'a guest');
    const { rows: entries } = await sql<{
      customer_id: string;
      kind: string;
      points: number;
      reason: string;
      author: string;
    }>`
      select customer_id, kind, points, reason, author from ledger_entries where shop_id = 'moving'`.execute(
      ctx.db,
    );
    assert.deepEqual(entries, [
      {
        customer_id: 'c1001',
        kind: 'adjustment',
        points: 120,
        reason: 'import: members.csv',
        author: 'test',
      },
    ]);
    assert.equal(await currentBalance(ctx.db, 'moving', 'c1001'), 120);
    assert.equal(await currentBalance(ctx.db, 'moving', 'c1002'), 0);
    const { rows: joined } = await sql<{ customer_id: string; join_source: string }>`
      select customer_id, join_source from members where shop_id = 'moving' order by customer_id`.execute(
      ctx.db,
    );
    assert.deepEqual(joined, [
      { customer_id: 'c1001', join_source: 'import' },
      { customer_id: 'c1002', join_source: 'import' },
    ]);
  });

  test('importing the same files again changes nothing', async () => {
    const { ctx } = app;
    const before = await shopRows(ctx, 'moving');
    await importSamples(ctx, 'moving', {
      customers: { customers: 3, written: 0, alreadyThere: 3, consentsRecorded: 0, consentsAsTheyWere: 2 },
      members: { members: 2, joined: 0, alreadyMembers: 2, openingBalances: 0, openingPoints: 0 },
      orders: { orders: 5, written: 0, alreadyThere: 5, lines: 0, returns: 0, reviews: 0 },
    });
    assert.deepEqual(await shopRows(ctx, 'moving'), before);
    assert.equal(await currentBalance(ctx.db, 'moving', 'c1001'), 120);
  });

  test('text with quotes, backslashes, braces, commas and line breaks is kept as written', async () => {
    const { ctx } = app;
    const files = scratchFiles();
    try {
      const tricky = ['Ö\'Brien "The \\ Boss"', '{a,b}', 'NULL', 'two\nlines', 'ääkköset 😀'];
      const csv = `customer_id,registered_at,name\n${tricky
        .map((name, i) => `t${i},2025-01-01T00:00:00Z,"${name.replaceAll('"', '""')}"`)
        .join('\n')}\n`;
      await importedSummary(ctx, 'moving', 'customers', files.write('tricky.csv', csv));
      const orders = files.write(
        'tricky-orders.csv',
        'order_id,placed_at,customer_id,store_version_id,product_id,category,quantity,unit_price\n' +
          `"o ""1"", {x}",2025-01-01T10:00:00Z,t0,fi,"p\\1",NULL,1,1.00\n`,
      );
      await importedSummary(ctx, 'moving', 'orders', orders);
      const { rows } = await sql<{ name: string }>`
        select name from customers where shop_id = 'moving' and id like 't%' order by id`.execute(ctx.db);
      assert.deepEqual(
        rows.map((r) => r.name),
        tricky,
      );
      const { rows: lines } = await sql<{ order_id: string; product_id: string; category: string }>`
        select order_id, product_id, category from order_lines where shop_id = 'moving' and order_id like 'o %'`.execute(
        ctx.db,
      );
      assert.deepEqual(lines, [{ order_id: 'o "1", {x}', product_id: 'p\\1', category: 'NULL' }]);
    } finally {
      files.close();
    }
  });

  test('a shop already billing: its imported history is not billed', async () => {
    const { ctx, clock } = app;
    const files = scratchFiles();
    try {
      await movingShop(ctx, 'billed');
      await createProgram(ctx, 'billed', { storeVersionIds: ['fi'] });
      await publishProgram(ctx, 'billed');
      clock.set('2026-06-20T10:00:00Z');
      const customers = files.write('customers.csv', 'customer_id,registered_at\nm1,2026-01-01T00:00:00Z\n');
      const members = files.write('members.csv', 'customer_id,joined_at\nm1,2026-01-02T00:00:00Z\n');
      const orders = files.write(
        'orders.csv',
        'order_id,placed_at,customer_id,store_version_id,delivered_at,product_id,quantity,unit_price\n' +
          'b1,2026-06-16T10:00:00Z,m1,fi,2026-06-17T10:00:00Z,p1,2,500.00\n',
      );
      for (const [kind, path] of [
        ['customers', customers],
        ['members', members],
        ['orders', orders],
      ] as const) {
        await importedSummary(ctx, 'billed', kind, path);
      }
      const june = await monthStatement(ctx, 'billed', '2026-06');
      const commission = june.lines.filter((l) => l.kind === 'commission');
      assert.ok(
        commission.every((l) => l.basisCents === 0 && l.amountCents === 0),
        JSON.stringify(june.lines),
      );
      assert.equal(
        await currentBalance(ctx.db, 'billed', 'm1'),
        0,
        'a member’s delivered order, imported: no points',
      );
    } finally {
      files.close();
      clock.set('2026-06-15T10:00:00Z');
    }
  });
});
