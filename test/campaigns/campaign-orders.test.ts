import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { endCampaign } from '../../src/app/campaigns/campaigns.ts';
import { cancelOrder } from '../../src/app/orders/cancel-order.ts';
import { deliverOrder } from '../../src/app/orders/deliver-order.ts';
import { recordOrderEvents } from '../../src/app/orders/order-events-batch.ts';
import { type PlaceOrderInput, placeOrder } from '../../src/app/orders/place-order.ts';
import { recordSale } from '../../src/app/orders/record-sale.ts';
import { returnItems } from '../../src/app/orders/return-items.ts';
import type { TestApp } from '../support/database.ts';
import { balanceOf, ledgerSum, testAppWithMember } from '../support/fixtures.ts';
import { addCampaign, bootsAndCaps } from './campaign-set-up.ts';

// Friday 2026-11-27 00:00 to Monday 23:59 Helsinki (UTC+2): [Thu 22:00Z, Mon 22:00Z).
const FRIDAY_NOON = new Date('2026-11-27T10:00:00Z');
const THURSDAY_2330_HELSINKI = new Date('2026-11-26T21:30:00Z');
const TUESDAY_0001_HELSINKI = new Date('2026-11-30T22:01:00Z');

/** c1's order of boots and caps in the Finnish web shop, all eligible (1 point per euro). */
const order = (orderId: string, at: Date, over: Partial<PlaceOrderInput> = {}) =>
  bootsAndCaps('shop', orderId, 'c1', at, over);

describe('campaigns on orders', () => {
  let app: TestApp;
  before(async () => {
    app = await testAppWithMember('shop');
    app.clock.set(new Date('2026-11-01T10:00:00Z'));
    await addCampaign(
      app.ctx,
      'shop',
      'bf-shoes',
      'Black Friday shoes',
      200,
      ['2026-11-27T00:00', '2026-12-01T00:00'],
      { categories: ['shoes'], storeVersionIds: ['fi'] },
    );
  });
  after(() => app.close());

  async function placedAndDelivered(o: PlaceOrderInput) {
    await placeOrder(app.ctx, o);
    return deliverOrder(app.ctx, { shopId: 'shop', orderId: o.orderId, deliveredAt: TUESDAY_0001_HELSINKI });
  }

  test('a line the campaign covers earns double; the others, an order of another version, and orders outside the period earn as usual', async () => {
    assert.equal((await placedAndDelivered(order('o1', FRIDAY_NOON))).pointsEarned, 60 + 20);
    assert.equal((await placedAndDelivered(order('o2', THURSDAY_2330_HELSINKI))).pointsEarned, 50);
    // Placed Monday 23:59:59 Helsinki: still in; the next second is not.
    assert.equal((await placedAndDelivered(order('o3', new Date('2026-11-30T21:59:59Z')))).pointsEarned, 80);
    assert.equal((await placedAndDelivered(order('o4', new Date('2026-11-30T22:00:00Z')))).pointsEarned, 50);
    assert.equal(
      (await placedAndDelivered(order('o5', FRIDAY_NOON, { storeVersionId: 'en' }))).pointsEarned,
      50,
    );
    assert.equal(await balanceOf(app.ctx, 'shop', 'c1'), await ledgerSum(app.ctx, 'shop', 'c1'));
  });

  test('the placement time decides, not the delivery: the multiplier is kept with the order', async () => {
    await placeOrder(app.ctx, order('o6', FRIDAY_NOON));
    const lines = await app.ctx.db
      .selectFrom('order_lines')
      .select(['line_no', 'multiplier_pct'])
      .where('shop_id', '=', 'shop')
      .where('order_id', '=', 'o6')
      .orderBy('line_no')
      .execute();
    assert.deepEqual(
      lines.map((l) => l.multiplier_pct),
      [200, 100],
    );
    app.clock.set(new Date('2026-12-20T10:00:00Z'));
    assert.equal((await deliverOrder(app.ctx, { shopId: 'shop', orderId: 'o6' })).pointsEarned, 80);
  });

  /** Returns one unit of line `lineNo` of the shop's order. */
  const returnOne = (orderId: string, returnId: string, lineNo: number) =>
    returnItems(app.ctx, { shopId: 'shop', orderId, returnId, lines: [{ lineNo, quantity: 1 }] });

  test('a return takes back exactly what the returned lines gave, campaign included; cancelling takes back the rest', async () => {
    await placedAndDelivered(order('o7', FRIDAY_NOON));
    const hat = await returnOne('o7', 'r7a', 2);
    assert.equal(hat.pointsDeducted, 10);
    const boot = await returnOne('o7', 'r7b', 1);
    assert.equal(boot.pointsDeducted, 60);
    const before1 = await balanceOf(app.ctx, 'shop', 'c1');
    const cancelled = await cancelOrder(app.ctx, { shopId: 'shop', orderId: 'o7' });
    assert.equal(await balanceOf(app.ctx, 'shop', 'c1'), before1 - 10, JSON.stringify(cancelled));
  });

  test('a return before delivery ends in the same balance as one after', async () => {
    await placeOrder(app.ctx, order('o8', FRIDAY_NOON));
    await returnOne('o8', 'r8', 1);
    assert.equal((await deliverOrder(app.ctx, { shopId: 'shop', orderId: 'o8' })).pointsEarned, 20);
  });

  test('overlapping campaigns: each line gets the highest multiplier, never their product', async () => {
    app.clock.set(new Date('2026-11-01T10:00:00Z'));
    await addCampaign(app.ctx, 'shop', 'bf-all', 'Black Friday ×1.5', 150, [
      '2026-11-27T00:00',
      '2026-11-28T00:00',
    ]);
    // Shoes: max(200, 150) = 200 → 60; hats: 150 → 30.
    assert.equal((await placedAndDelivered(order('o9', FRIDAY_NOON))).pointsEarned, 90);
  });

  test('a sale at the till and a bulk request earn the same as the single routes', async () => {
    const sale = await recordSale(app.ctx, order('s1', FRIDAY_NOON, { channel: 'pos' }));
    assert.equal(sale.pointsEarned, 90);
    const outcomes = await recordOrderEvents(app.ctx, 'shop', [
      { kind: 'placed', order: order('b1', FRIDAY_NOON) },
      { kind: 'delivered', orderId: 'b1' },
      { kind: 'returned', orderId: 'b1', returnId: 'rb1', lines: [{ lineNo: 1, quantity: 1 }] },
    ]);
    const [, delivered, returned] = outcomes;
    assert.ok(delivered && 'result' in delivered && 'pointsEarned' in delivered.result);
    assert.equal(delivered.result.pointsEarned, 90);
    assert.ok(returned && 'result' in returned && 'pointsDeducted' in returned.result);
    assert.equal(returned.result.pointsDeducted, 60);
    assert.equal(await balanceOf(app.ctx, 'shop', 'c1'), await ledgerSum(app.ctx, 'shop', 'c1'));
  });

  test('a campaign ended early stops applying from that moment; earlier orders keep their multiplier', async () => {
    app.clock.set(new Date('2026-11-28T10:00:00Z'));
    const ended = await endCampaign(app.ctx, 'shop', 'bf-shoes');
    assert.equal(ended.state, 'ended');
    assert.equal(ended.endedEarly, true);
    assert.equal((await placedAndDelivered(order('o10', new Date('2026-11-28T10:00:01Z')))).pointsEarned, 50);
    assert.equal((await placedAndDelivered(order('o11', new Date('2026-11-28T09:59:59Z')))).pointsEarned, 80);
  });
});
