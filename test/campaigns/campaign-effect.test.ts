import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { campaignEffect } from '../../src/app/campaigns/campaign-effect.ts';
import { getCampaign } from '../../src/app/campaigns/campaigns.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { cancelOrder } from '../../src/app/orders/cancel-order.ts';
import { deliverOrder } from '../../src/app/orders/deliver-order.ts';
import { type PlaceOrderInput, placeOrder } from '../../src/app/orders/place-order.ts';
import { returnItems } from '../../src/app/orders/return-items.ts';
import { campaignEffectPeriods, changeShare } from '../../src/domain/campaigns/campaign-effect.ts';
import type { TestApp } from '../support/database.ts';
import { testApp } from '../support/database.ts';
import { publishedShopWithMember } from '../support/fixtures.ts';
import { prepared, suiteFixture } from '../support/suite-fixture.ts';
import { addCampaign, bootsAndCaps } from './campaign-set-up.ts';

/** The shop's order of boots and caps (50.00 eligible at 1 point per euro). */
const order = (orderId: string, customerId: string | null, at: string, over: Partial<PlaceOrderInput> = {}) =>
  bootsAndCaps('shop', orderId, customerId, new Date(at), over);

/**
 * Friday 2026-11-27 in Helsinki (UTC+2): shoes ×2 in the Finnish web shop all day
 * [26th 22:00Z, 27th 22:00Z), and everything ×1.5 from 12:00 to 18:00 [10:00Z, 16:00Z).
 * c1 and c2 are members, c3 is not.
 */
async function blackFriday(app: TestApp) {
  await publishedShopWithMember(app.ctx, 'shop');
  await joinProgram(app.ctx, { shopId: 'shop', customerId: 'c2', source: 'registration' });
  app.clock.set('2026-11-01T10:00:00Z');
  await addCampaign(app.ctx, 'shop', 'shoes', 'Shoes ×2', 200, ['2026-11-27T00:00', '2026-11-28T00:00'], {
    categories: ['shoes'],
    storeVersionIds: ['fi'],
  });
  await addCampaign(app.ctx, 'shop', 'all', 'Everything ×1.5', 150, ['2026-11-27T12:00', '2026-11-27T18:00']);
  const delivered = async (o: PlaceOrderInput) => {
    await placeOrder(app.ctx, o);
    await deliverOrder(app.ctx, {
      shopId: 'shop',
      orderId: o.orderId,
      deliveredAt: new Date('2026-11-29T10:00:00Z'),
    });
  };
  // Outside both periods compared: two days before the campaign.
  await delivered(order('x1', 'c1', '2026-11-25T10:00:00Z'));
  // The day before: one member's order and one of a customer who is not a member.
  await delivered(order('b1', 'c1', '2026-11-26T10:00:00Z'));
  await placeOrder(app.ctx, order('b2', 'c3', '2026-11-26T11:00:00Z'));
  // During: boots ×2 → 80 points instead of 50.
  await delivered(order('d1', 'c1', '2026-11-27T08:00:00Z'));
  // Under both: boots ×2 (not ×3), caps ×1.5 → 90; without shoes ×2 the boots get ×1.5 → 75.
  await delivered(order('d2', 'c1', '2026-11-27T12:00:00Z'));
  // The boots returned: only the caps count, which the shoes campaign never covered.
  await delivered(order('d3', 'c2', '2026-11-27T20:00:00Z'));
  await returnItems(app.ctx, {
    shopId: 'shop',
    orderId: 'd3',
    returnId: 'r3',
    lines: [{ lineNo: 1, quantity: 1 }],
  });
  // Not delivered yet: in the sales, no points yet.
  await placeOrder(app.ctx, order('d4', 'c1', '2026-11-27T09:00:00Z'));
  // Not a member: an order, not members' sales.
  await placeOrder(app.ctx, order('d5', 'c3', '2026-11-27T09:30:00Z'));
  // Cancelled: nowhere.
  await delivered(order('d6', 'c1', '2026-11-27T10:30:00Z'));
  await cancelOrder(app.ctx, { shopId: 'shop', orderId: 'd6' });
  // The English web shop: no shoes campaign there.
  await delivered(order('d7', 'c1', '2026-11-27T08:30:00Z', { storeVersionId: 'en' }));
}

describe('a campaign’s effect', () => {
  const app = suiteFixture(() => prepared(testApp(), blackFriday));

  test('orders, extra points and members’ sales against the day before, on a known set of orders', async () => {
    app.clock.set('2026-12-05T10:00:00Z');
    const shoes = await getCampaign(app.ctx, 'shop', 'shoes');
    assert.deepEqual(await campaignEffect(app.ctx, 'shop', shoes), {
      periods: {
        during: { from: new Date('2026-11-26T22:00:00Z'), to: new Date('2026-11-27T22:00:00Z') },
        before: { from: new Date('2026-11-25T22:00:00Z'), to: new Date('2026-11-26T22:00:00Z') },
      },
      orders: 6,
      memberOrders: 5,
      ordersWithExtra: 2,
      extraPoints: 30 + 15,
      memberSalesCents: 5 * 5000,
      memberOrdersBefore: 1,
      memberSalesBeforeCents: 5000,
      salesChange: 4,
    });
  });

  test('read one order at a time, the figures are the same', async () => {
    const shoes = await getCampaign(app.ctx, 'shop', 'shoes');
    const whole = await campaignEffect(app.ctx, 'shop', shoes);
    assert.deepEqual(await campaignEffect(app.ctx, 'shop', shoes, { batchSize: 1 }), whole);
    assert.equal(whole.extraPoints, 45);
  });

  test('an overlapping campaign is credited only what it decided: caps ×1.5 of the order placed under both', async () => {
    const all = await getCampaign(app.ctx, 'shop', 'all');
    const effect = await campaignEffect(app.ctx, 'shop', all);
    assert.equal(effect.orders, 1, 'd2 (d6 was cancelled)');
    assert.equal(effect.extraPoints, 10, '90 with it, 80 without (the boots keep ×2 from the other)');
    assert.equal(effect.ordersWithExtra, 1);
    assert.equal(effect.memberOrdersBefore, 3, 'd1, d7 and d4 (not yet delivered) in the six hours before');
    assert.equal(effect.memberSalesBeforeCents, 3 * 5000);
    assert.equal(effect.memberSalesCents, 5000);
    assert.equal(effect.salesChange, -2 / 3);
  });

  test('while it runs, the periods reach up to now; before it opens there is nothing to show', async () => {
    app.clock.set('2026-11-27T04:00:00Z');
    const shoes = await getCampaign(app.ctx, 'shop', 'shoes');
    const running = await campaignEffect(app.ctx, 'shop', shoes);
    assert.deepEqual(running.periods, {
      during: { from: new Date('2026-11-26T22:00:00Z'), to: new Date('2026-11-27T04:00:00Z') },
      before: { from: new Date('2026-11-26T16:00:00Z'), to: new Date('2026-11-26T22:00:00Z') },
    });
    assert.equal(running.orders, 0);
    assert.equal(running.salesChange, null, 'no members’ sales in the six hours before');
    app.clock.set('2026-11-20T00:00:00Z');
    const planned = await campaignEffect(app.ctx, 'shop', shoes);
    assert.equal(planned.periods, null);
    assert.equal(planned.orders, 0);
  });
});

describe('the effect’s rules', () => {
  test('the period before is as long as the time in force; an opening in the future has none', () => {
    const c = {
      membersFrom: new Date('2026-11-26T16:00:00Z'),
      startsAt: new Date('2026-11-26T22:00:00Z'),
      endsAt: new Date('2026-11-27T22:00:00Z'),
    };
    assert.deepEqual(campaignEffectPeriods(c, new Date('2026-12-01T00:00:00Z')), {
      during: { from: c.membersFrom, to: c.endsAt },
      before: { from: new Date('2026-11-25T10:00:00Z'), to: c.membersFrom },
    });
    assert.equal(campaignEffectPeriods(c, c.membersFrom), null);
    assert.equal(changeShare(150, 100), 0.5);
    assert.equal(changeShare(50, 100), -0.5);
    assert.equal(changeShare(50, 0), null);
  });
});
