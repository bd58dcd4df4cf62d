import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadProgram } from '../../src/app/program/load-program.ts';
import { seedDemoShop } from '../../src/seed/demo-shop.ts';
import { type TestApp, testApp } from '../support/database.ts';

describe('demo shop seed', () => {
  let app: TestApp;
  let summary: Awaited<ReturnType<typeof seedDemoShop>>;
  before(async () => {
    app = await testApp('2026-11-23T12:00:00Z');
    summary = await seedDemoShop(app.ctx, { customers: 40 });
  });
  after(() => app.close());

  test('has two store versions, one requiring login, and a program published six months ago', async () => {
    const versions = await app.ctx.db
      .selectFrom('store_versions')
      .selectAll()
      .where('shop_id', '=', 'demo')
      .execute();
    assert.deepEqual(versions.map((v) => [v.id, v.requires_login]).sort(), [
      ['b2b', true],
      ['fi', false],
    ]);
    const program = await loadProgram(app.ctx.db, 'demo');
    assert.equal(program.status, 'published');
    assert.equal(program.publishedAt?.toISOString().slice(0, 7), '2026-05');
  });

  test('holds about a year of orders, returns and reviews, all before now', async () => {
    assert.ok(summary.orders > 40, `only ${summary.orders} orders`);
    assert.ok(summary.members > 0 && summary.members < summary.customers);
    const { rows } = await sql<{ first: Date; last: Date; returns: number }>`
      select min(placed_at) as first, max(placed_at) as last,
             (select count(*) from order_returns where shop_id = 'demo') as returns
      from orders where shop_id = 'demo'`.execute(app.ctx.db);
    assert.ok(rows[0]!.first < new Date('2026-01-01T00:00:00Z'));
    assert.ok(rows[0]!.last <= app.clock.now());
    assert.equal(rows[0]!.returns, summary.returns);
  });

  test('every balance equals the sum of its ledger entries, and members earned points', async () => {
    const { rows } = await sql<{ customer_id: string; balance: number; total: number }>`
      select b.customer_id, b.balance, coalesce(sum(e.points), 0)::bigint as total
      from member_balances b left join ledger_entries e on e.shop_id = b.shop_id and e.customer_id = b.customer_id
      where b.shop_id = 'demo' group by b.customer_id, b.balance`.execute(app.ctx.db);
    assert.ok(rows.length > 0);
    for (const row of rows) assert.equal(row.balance, row.total, `balance of ${row.customer_id}`);
    assert.ok(rows.some((r) => r.balance > 0));
  });

  test('converted points into codes at each month start after publishing, mailing only this month', async () => {
    assert.deepEqual(summary.convertedMonths, [
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    const runs = await app.ctx.db
      .selectFrom('monthly_runs')
      .select(['period', 'status', 'issued_at', 'mail'])
      .where('shop_id', '=', 'demo')
      .orderBy('period')
      .execute();
    assert.deepEqual(
      runs.map((r) => [r.period, r.status, r.mail]),
      summary.convertedMonths.map((period) => [period, 'completed', period === '2026-11']),
    );
    // Each run happened at 00:00 Helsinki time on the first of its month, not at seeding time.
    assert.equal(runs[0]!.issued_at.toISOString(), '2026-05-31T21:00:00.000Z');
    const { rows } = await sql<{
      codes: number;
      entries: number;
      mails: number;
      november_codes: number;
      old_mails: number;
    }>`
      select (select count(*) from discount_codes where shop_id = 'demo') as codes,
             (select count(*) from ledger_entries where shop_id = 'demo' and kind = 'conversion') as entries,
             (select count(*) from mail_outbox where shop_id = 'demo' and message_key like 'monthly:2026-11:%') as mails,
             (select count(*) from discount_codes where shop_id = 'demo' and period = '2026-11') as november_codes,
             (select count(*) from mail_outbox where shop_id = 'demo' and message_key not like 'monthly:2026-11:%') as old_mails`.execute(
      app.ctx.db,
    );
    assert.ok(rows[0]!.codes > 0, 'the demo has codes to show');
    assert.equal(rows[0]!.entries, rows[0]!.codes, 'one conversion entry per code');
    assert.equal(rows[0]!.old_mails, 0);
    // Everyone who got a code this month holds a valid code, so gets this month's e-mail.
    assert.ok(rows[0]!.mails >= rows[0]!.november_codes, `${rows[0]!.mails} mails`);
  });
});
