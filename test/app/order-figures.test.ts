import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { joinProgram, leaveProgram } from '../../src/app/members/join-program.ts';
import { cancelOrder } from '../../src/app/orders/cancel-order.ts';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import { recordSale } from '../../src/app/orders/record-sale.ts';
import { dashboardFigures } from '../../src/app/reports/dashboard.ts';
import { foldOrderFigures } from '../../src/app/reports/order-figures.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { publishedShop, specOrder } from '../support/fixtures.ts';

const HOUR = 3_600_000;

describe("the dashboard's kept order figures", () => {
  let app: TestApp;
  const at = (hoursAgo: number) => new Date(app.clock.now().getTime() - hoursAgo * HOUR);
  /** Kept figures (totals and changes not yet folded) against the same figures read from the orders. */
  const differences = async () => {
    const { rows } = await sql<{ differences: number }>`
      with kept as (
        select shop_id, quarter, member, known, sum(orders) as orders, sum(cents) as cents,
               sum(codes) as codes, sum(code_cents) as code_cents
        from (select shop_id, quarter, member, known, orders, cents, codes, code_cents from order_figures
              union all
              select shop_id, quarter, member, known, orders, cents, codes, code_cents from order_figure_changes) k
        group by 1, 2, 3, 4
        having sum(orders) <> 0 or sum(cents) <> 0
      ), live as (
        select shop_id, date_bin('15 minutes', placed_at, timestamptz '2000-01-01 00:00:00+00') as quarter,
               placed_by_member as member, customer_id is not null as known, count(*) as orders,
               sum(eligible_cents) as cents, count(*) filter (where loyalty_code is not null) as codes,
               coalesce(sum(code_discount_cents) filter (where loyalty_code is not null), 0) as code_cents
        from orders where status <> 'cancelled' group by 1, 2, 3, 4
      )
      select count(*)::int as differences from kept full join live using (shop_id, quarter, member, known)
      where kept.orders is distinct from live.orders or kept.cents is distinct from live.cents
         or kept.codes is distinct from live.codes or kept.code_cents is distinct from live.code_cents`.execute(
      app.ctx.db,
    );
    return rows[0]!.differences;
  };

  before(async () => {
    app = await testApp();
    await publishedShop(app.ctx, 'shop');
    await joinProgram(app.ctx, { shopId: 'shop', customerId: 'c1', source: 'registration' });
    app.clock.advance(10 * HOUR); // the orders below are placed after c1 joined
  });
  after(() => app.close());

  test('placing, selling, cancelling and folding keep them equal to the orders', async () => {
    await placeOrder(app.ctx, specOrder('shop', 'p1', 'c1', at(5)));
    await placeOrder(app.ctx, specOrder('shop', 'p2', 'c2', at(5)));
    await Promise.all(
      ['s1', 's2', 's3', 's4'].map((id, i) =>
        recordSale(app.ctx, specOrder('shop', id, i % 2 ? 'c1' : null, at(i))),
      ),
    );
    assert.equal(await differences(), 0, 'before any fold');
    await foldOrderFigures(app.ctx.db, 'shop');
    assert.equal(await differences(), 0, 'after a fold');
    await cancelOrder(app.ctx, { shopId: 'shop', orderId: 'p1' });
    await cancelOrder(app.ctx, { shopId: 'shop', orderId: 's2' });
    await cancelOrder(app.ctx, { shopId: 'shop', orderId: 's2' });
    assert.equal(await differences(), 0, 'cancellations, one of them repeated');
    // Folds at once (every shop's and this shop's) move each change exactly once.
    await placeOrder(app.ctx, specOrder('shop', 'p3', 'c1', at(1)));
    await Promise.all([foldOrderFigures(app.ctx.db), foldOrderFigures(app.ctx.db, 'shop')]);
    assert.equal(await differences(), 0, 'after folds at once');
    const pending = await app.ctx.db.selectFrom('order_figure_changes').select('shop_id').execute();
    assert.deepEqual(pending, []);
  });

  test('a member’s old orders stay member orders after leaving and joining again', async () => {
    // A shop of its own, so this passes alone as well as after the test above.
    await publishedShop(app.ctx, 'rejoin');
    await joinProgram(app.ctx, { shopId: 'rejoin', customerId: 'c1', source: 'registration' });
    app.clock.advance(10 * HOUR);
    await recordSale(app.ctx, specOrder('rejoin', 'x1', 'c1', at(5)));
    await recordSale(app.ctx, specOrder('rejoin', 'x2', 'c1', at(4)));
    const memberOrders = async () => {
      const d = await dashboardFigures(
        app.ctx,
        'rejoin',
        { from: '2026-06-01', to: '2026-06-30' },
        'Europe/Helsinki',
      );
      // c1's first order, x1, was placed as a member; x2 repeats.
      assert.deepEqual(d.repeat.members, { orders: 2, repeatOrders: 1, rate: 0.5 });
      return d.totals.memberOrders;
    };
    assert.equal(await memberOrders(), 2, 'x1 and x2');
    await leaveProgram(app.ctx, { shopId: 'rejoin', customerId: 'c1' });
    app.clock.advance(HOUR);
    await joinProgram(app.ctx, { shopId: 'rejoin', customerId: 'c1', source: 'my_account' });
    app.clock.advance(HOUR); // past the dashboard's shared figures
    assert.equal(await memberOrders(), 2);
  });
});
