import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { adjustPoints } from '../../src/app/ledger/adjust-points.ts';
import { cancelOrder } from '../../src/app/orders/cancel-order.ts';
import { recordSale } from '../../src/app/orders/record-sale.ts';
import { returnItems } from '../../src/app/orders/return-items.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { balanceOf, ledgerSum, specOrder, testAppWithMember } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';

describe('the points ledger', () => {
  const app = suiteFixture(() => testAppWithMember('s', { joinPoints: 10 }));

  /** The shop's ledger, balances, orders and returns, to compare before and after a refusal. */
  const shopState = async () => {
    const { rows } = await sql<{ state: unknown }>`select json_build_object(
      'ledger', (select json_agg(l order by l.id) from ledger_entries l where l.shop_id = 's'),
      'balances', (select json_agg(b order by b.customer_id) from member_balances b where b.shop_id = 's'),
      'orders', (select json_agg(o order by o.id) from orders o where o.shop_id = 's'),
      'returns', (select json_agg(r order by r.id) from order_returns r where r.shop_id = 's')
    ) as state`.execute(app.ctx.db);
    return rows[0]!.state;
  };

  test('entries can be neither changed nor deleted', async () => {
    await assert.rejects(sql`update ledger_entries set points = 1000`.execute(app.ctx.db), /append-only/);
    await assert.rejects(sql`delete from ledger_entries`.execute(app.ctx.db), /append-only/);
    assert.equal(await ledgerSum(app.ctx, 's', 'c1'), 10);
  });

  test('an adjustment needs a reason and records its author', async () => {
    await assert.rejects(
      adjustPoints(app.ctx, { shopId: 's', customerId: 'c1', points: 5, reason: '  ', author: 'Maija' }),
      (e: unknown) => e instanceof DomainError && e.code === 'reason_required',
    );
    const goodwill = {
      shopId: 's',
      customerId: 'c1',
      points: -4,
      reason: 'Goodwill correction',
      author: 'Maija',
      idempotencyKey: 'k1',
    };
    const done = await adjustPoints(app.ctx, goodwill);
    assert.deepEqual([done.outcome, done.balance], ['applied', 6]);
    // The same adjustment sent again (a retry) is recognised by its key and applied once.
    const again = await adjustPoints(app.ctx, goodwill);
    assert.deepEqual([again.outcome, again.balance], ['duplicate', 6]);
    const entry = await app.ctx.db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('kind', '=', 'adjustment')
      .executeTakeFirstOrThrow();
    assert.equal(entry.author, 'Maija');
    assert.equal(entry.reason, 'Goodwill correction');
    assert.ok(entry.created_at instanceof Date);
    await assert.rejects(
      adjustPoints(app.ctx, { shopId: 's', customerId: 'c2', points: 5, reason: 'x', author: 'Maija' }),
      (e: unknown) => e instanceof DomainError && e.code === 'member_not_found',
    );
  });

  test('after any sequence of events every balance equals the sum of its entries', async () => {
    const event = fc.oneof(
      fc.record({
        type: fc.constant('sale' as const),
        order: fc.nat(5),
        customer: fc.constantFrom('c1', 'c2'),
      }),
      fc.record({
        type: fc.constant('return' as const),
        order: fc.nat(5),
        line: fc.constantFrom(1, 2),
        // A few return ids per order, so the same return is sometimes reported again.
        returnNo: fc.nat(3),
      }),
      fc.record({ type: fc.constant('cancel' as const), order: fc.nat(5) }),
      fc.record({
        type: fc.constant('adjust' as const),
        points: fc.integer({ min: -50, max: 50 }).filter((p) => p !== 0),
      }),
    );
    let run = 0;
    let refusals = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(event, { maxLength: 14 }), async (events) => {
        run++;
        for (const e of events) {
          const orderId = `run${run}-o${'order' in e ? e.order : 0}`;
          const before = await shopState();
          const attempt = () =>
            e.type === 'sale'
              ? recordSale(app.ctx, specOrder('s', orderId, e.customer, app.clock.now()))
              : e.type === 'return'
                ? returnItems(app.ctx, {
                    shopId: 's',
                    orderId,
                    returnId: `${orderId}-r${e.returnNo}`,
                    lines: [{ lineNo: e.line, quantity: 1 }],
                  })
                : e.type === 'cancel'
                  ? cancelOrder(app.ctx, { shopId: 's', orderId })
                  : adjustPoints(app.ctx, {
                      shopId: 's',
                      customerId: 'c1',
                      points: e.points,
                      reason: 'test',
                      author: 't',
                    });
          // Refusals (unknown order, over-return, cancelled) are expected; they must write nothing.
          const refused = await attempt().then(
            () => false,
            (error: unknown) => {
              if (!(error instanceof DomainError)) throw error;
              return true;
            },
          );
          if (refused) {
            refusals++;
            assert.deepEqual(await shopState(), before, `refused ${JSON.stringify(e)} wrote nothing`);
          }
        }
        for (const customer of ['c1', 'c2']) {
          assert.equal(await balanceOf(app.ctx, 's', customer), await ledgerSum(app.ctx, 's', customer));
        }
        const orders = await app.ctx.db
          .selectFrom('orders')
          .select(['points_earned', 'points_deducted'])
          .execute();
        for (const o of orders)
          assert.ok(o.points_deducted <= o.points_earned, 'never deducts more than earned');
      }),
      { numRuns: 12 },
    );
    assert.ok(refusals > 0, 'some operations were refused');
  });
});
