import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { changeCodeStatus } from '../../src/app/codes/code-writes.ts';
import { postEntries, postEntry } from '../../src/app/ledger/ledger-writer.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { runMonthlyConversion } from '../../src/app/monthly/run-monthly-conversion.ts';
import {
  adjustmentEntry,
  conversionEntry,
  joinEntry,
  type LedgerEntry,
} from '../../src/domain/ledger/entries.ts';
import { local, memberWithPoints } from '../monthly/support.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { balanceOf, insertCode, ledgerSum, publishedShop } from '../support/fixtures.ts';

describe("the ledger's writer", () => {
  let app: TestApp;
  before(async () => {
    app = await testApp('2026-06-15T10:00:00Z');
    await publishedShop(app.ctx, 'w', { joinPoints: 0 });
    for (const customerId of ['c1', 'c2']) {
      await joinProgram(app.ctx, { shopId: 'w', customerId, source: 'registration' });
    }
  });
  after(() => app.close());

  const adjustment = (customerId: string, requestKey: string, points: number): LedgerEntry =>
    adjustmentEntry({
      shopId: 'w',
      customerId,
      requestKey,
      points,
      author: 'Test',
      reason: 'Writer test',
      at: app.clock.now(),
    });

  test('entries of one statement each answer with the balance just after them, as if written one by one', async () => {
    const posted = await postEntries(app.ctx.db, [
      adjustment('c1', 'a1', 30),
      adjustment('c2', 'a2', 7),
      adjustment('c1', 'a3', -10),
      adjustment('c1', 'a4', 5),
    ]);
    assert.deepEqual(
      posted.map((p) => [p.posted, p.balance]),
      [
        [true, 30],
        [true, 7],
        [true, 20],
        [true, 25],
      ],
    );
    assert.deepEqual([await balanceOf(app.ctx, 'w', 'c1'), await ledgerSum(app.ctx, 'w', 'c1')], [25, 25]);
  });

  test('an entry whose key is in the ledger already is not written again and moves nothing', async () => {
    const before = await balanceOf(app.ctx, 'w', 'c2');
    const [again, fresh] = await postEntries(app.ctx.db, [
      adjustment('c2', 'a2', 7),
      adjustment('c2', 'b1', 1),
    ]);
    assert.deepEqual(
      [again!.posted, again!.balance, fresh!.posted, fresh!.balance],
      [false, null, true, before + 1],
    );
    const repeated = await postEntry(app.ctx.db, adjustment('c2', 'b1', 1));
    assert.deepEqual([repeated.posted, repeated.entryId, repeated.balance], [false, null, null]);
    assert.equal(await balanceOf(app.ctx, 'w', 'c2'), before + 1);
    assert.equal(await ledgerSum(app.ctx, 'w', 'c2'), before + 1);
  });

  test('an entry of 0 points is not written', async () => {
    const zero = await postEntry(
      app.ctx.db,
      joinEntry({ shopId: 'w', customerId: 'c1', points: 0, at: app.clock.now() }),
    );
    assert.equal(zero.posted, false);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ledger_entries where shop_id = 'w' and idempotency_key = 'join:c1'`.execute(
      app.ctx.db,
    );
    assert.equal(rows[0]!.n, 0);
  });

  test("the monthly run's entry is the one conversionEntry makes", async () => {
    await publishedShop(app.ctx, 'wm');
    await memberWithPoints(app.ctx, 'wm', 'm1', 260);
    app.clock.set(local('2026-07-01 00:00'));
    await runMonthlyConversion(app.ctx, { shopId: 'wm', period: '2026-07' });
    const stored = await app.ctx.db
      .selectFrom('ledger_entries')
      .select([
        'shop_id',
        'customer_id',
        'kind',
        'points',
        'ref_type',
        'ref_id',
        'idempotency_key',
        'author',
        'reason',
      ])
      .where('shop_id', '=', 'wm')
      .where('kind', '=', 'conversion')
      .executeTakeFirstOrThrow();
    const expected = conversionEntry({
      shopId: 'wm',
      customerId: 'm1',
      month: '2026-07',
      points: -250,
      at: new Date(),
    });
    assert.deepEqual(stored, {
      shop_id: expected.shopId,
      customer_id: expected.customerId,
      kind: expected.kind,
      points: expected.points,
      ref_type: expected.refType,
      ref_id: expected.refId,
      idempotency_key: expected.idempotencyKey,
      author: expected.author,
      reason: expected.reason,
    });
  });
});

describe("the codes' writer holds every status change to the state machine", () => {
  let app: TestApp;
  before(async () => {
    app = await testApp('2026-06-15T10:00:00Z');
    await publishedShop(app.ctx, 'k');
    await joinProgram(app.ctx, { shopId: 'k', customerId: 'c1', source: 'registration' });
  });
  after(() => app.close());

  const statusOf = async (code: string) =>
    await app.ctx.db
      .selectFrom('discount_codes')
      .select(['status', 'used_order_id'])
      .where('shop_id', '=', 'k')
      .where('code', '=', code)
      .executeTakeFirstOrThrow();

  test('an active code is spent once; a spent code is not spent again, and only a spent code is restored', async () => {
    await insertCode(app.ctx, { shopId: 'k', code: 'K1', customerId: 'c1' });
    const at = app.clock.now();
    assert.equal(await changeCodeStatus(app.ctx.db, { to: 'restored', shopId: 'k', code: 'K1' }), false);
    assert.equal(
      await changeCodeStatus(app.ctx.db, { to: 'used', shopId: 'k', code: 'K1', orderId: 'o1', at }),
      true,
    );
    assert.equal(
      await changeCodeStatus(app.ctx.db, { to: 'used', shopId: 'k', code: 'K1', orderId: 'o2', at }),
      false,
    );
    assert.deepEqual(await statusOf('K1'), { status: 'used', used_order_id: 'o1' });
    assert.equal(await changeCodeStatus(app.ctx.db, { to: 'restored', shopId: 'k', code: 'K1' }), true);
    assert.deepEqual(await statusOf('K1'), { status: 'restored', used_order_id: null });
    assert.equal(
      await changeCodeStatus(app.ctx.db, { to: 'used', shopId: 'k', code: 'K1', orderId: 'o3', at }),
      true,
    );
  });

  test('an expired code is not spent', async () => {
    const now = app.clock.now();
    await insertCode(app.ctx, { shopId: 'k', code: 'K2', customerId: 'c1', expiresAt: now });
    assert.equal(
      await changeCodeStatus(app.ctx.db, { to: 'used', shopId: 'k', code: 'K2', orderId: 'o4', at: now }),
      false,
    );
    assert.deepEqual(await statusOf('K2'), { status: 'active', used_order_id: null });
  });
});
