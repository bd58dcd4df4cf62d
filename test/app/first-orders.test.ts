import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { cancelOrder } from '../../src/app/orders/cancel-order.ts';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import { recordSale } from '../../src/app/orders/record-sale.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { publishedShop, specOrder } from '../support/fixtures.ts';

const DAY = 86_400_000;

describe("each customer's first order, kept for the repeat-purchase rate", () => {
  let app: TestApp;
  const at = (days: number) => new Date(app.clock.now().getTime() - days * DAY);
  /** The first orders kept for the shop: each customer's first order's time. */
  const firstOrders = async () => {
    const rows = await app.ctx.db
      .selectFrom('customer_first_orders')
      .select(['customer_id', 'first_placed_at'])
      .where('shop_id', '=', 'shop')
      .execute();
    return new Map(rows.map((r) => [r.customer_id, r.first_placed_at.toISOString()]));
  };
  const firstOf = async (customerId: string) => (await firstOrders()).get(customerId) ?? null;

  before(async () => {
    app = await testApp();
    await publishedShop(app.ctx, 'shop');
    await joinProgram(app.ctx, { shopId: 'shop', customerId: 'c1', source: 'registration' });
  });
  after(() => app.close());

  test('the earliest order placed is the first, also when it is reported late', async () => {
    await placeOrder(app.ctx, specOrder('shop', 'a3', 'c1', at(3)));
    assert.equal(await firstOf('c1'), at(3).toISOString());
    await recordSale(app.ctx, specOrder('shop', 'a1', 'c1', at(1)));
    assert.equal(await firstOf('c1'), at(3).toISOString(), 'a later sale changes nothing');
    await recordSale(app.ctx, specOrder('shop', 'a5', 'c1', at(5)));
    assert.equal(await firstOf('c1'), at(5).toISOString(), 'an earlier sale reported late is the first');
    await placeOrder(app.ctx, specOrder('shop', 'a9', 'c1', at(9)));
    assert.equal(await firstOf('c1'), at(9).toISOString());
  });

  test('sales arriving together for one customer keep the earliest of them', async () => {
    await Promise.all(
      [7, 2, 8, 4].map((days, i) => recordSale(app.ctx, specOrder('shop', `b${i}`, 'c2', at(days)))),
    );
    assert.equal(await firstOf('c2'), at(8).toISOString());
  });

  test('cancelling the first order makes the next one first; cancelling all leaves none', async () => {
    await placeOrder(app.ctx, specOrder('shop', 'd3', 'c3', at(3)));
    await recordSale(app.ctx, specOrder('shop', 'd1', 'c3', at(1)));
    await recordSale(app.ctx, specOrder('shop', 'd5', 'c3', at(5)));
    await placeOrder(app.ctx, specOrder('shop', 'd9', 'c3', at(9)));
    assert.equal(await firstOf('c3'), at(9).toISOString());
    await cancelOrder(app.ctx, { shopId: 'shop', orderId: 'd9' });
    assert.equal(await firstOf('c3'), at(5).toISOString());
    await cancelOrder(app.ctx, { shopId: 'shop', orderId: 'd1' });
    assert.equal(await firstOf('c3'), at(5).toISOString(), 'cancelling a later order changes nothing');
    for (const id of ['d5', 'd3']) await cancelOrder(app.ctx, { shopId: 'shop', orderId: id });
    assert.equal(await firstOf('c3'), null);
  });

  test('guests have no first order, and every kept one equals the earliest order not cancelled', async () => {
    await recordSale(app.ctx, specOrder('shop', 'g1', null, at(1)));
    await recordSale(app.ctx, specOrder('shop', 'e6', 'c2', at(6)));
    const { rows } = await sql<{ differences: number }>`
      select count(*)::int as differences from (
        select shop_id, customer_id, min(placed_at) as first from orders
        where status <> 'cancelled' and customer_id is not null group by 1, 2
      ) o full join customer_first_orders f using (shop_id, customer_id)
      where o.first is distinct from f.first_placed_at`.execute(app.ctx.db);
    assert.equal(rows[0]!.differences, 0);
    const kept = [...(await firstOrders()).keys()];
    assert.ok(kept.includes('c2'));
    assert.ok(
      kept.every((customerId) => customerId !== null),
      'no first order for guests',
    );
  });
});
