import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { cancelOrder } from '../../src/app/orders/cancel-order.ts';
import { deliverOrder } from '../../src/app/orders/deliver-order.ts';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import { recordSale } from '../../src/app/orders/record-sale.ts';
import { returnItems } from '../../src/app/orders/return-items.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { balanceOf, ledgerSum, publishedShop, specOrder } from '../support/fixtures.ts';

describe('orders earn points on delivery', () => {
  let app: TestApp;
  before(async () => {
    app = await testApp();
  });
  after(() => app.close());

  /** A shop of its own for each test, where c1 has joined (no join points). */
  const shopWithMember = async (shopId: string) => {
    await publishedShop(app.ctx, shopId);
    await joinProgram(app.ctx, { shopId, customerId: 'c1', source: 'registration' });
    return shopId;
  };
  /** The SPEC order o-spec of c1, delivered (59 points) and its scarf returned as r1 (25 back). */
  const deliveredAndReturned = async (shopId: string) => {
    await placeOrder(app.ctx, specOrder(shopId, 'o-spec', 'c1', app.clock.now()));
    await deliverOrder(app.ctx, { shopId, orderId: 'o-spec' });
    await returnItems(app.ctx, {
      shopId,
      orderId: 'o-spec',
      returnId: 'r1',
      lines: [{ lineNo: 2, quantity: 1 }],
    });
  };

  test('the SPEC example: 59 points on delivery, 25 taken back by the return', async () => {
    const shop = await shopWithMember('spec');
    const placed = await placeOrder(app.ctx, specOrder(shop, 'o-spec', 'c1', app.clock.now()));
    assert.equal(placed.outcome, 'applied');
    assert.equal(placed.eligibleCents, 5990);
    assert.equal(await balanceOf(app.ctx, shop, 'c1'), 0, 'nothing is credited before delivery');

    const delivered = await deliverOrder(app.ctx, { shopId: shop, orderId: 'o-spec' });
    assert.deepEqual([delivered.outcome, delivered.pointsEarned, delivered.balance], ['applied', 59, 59]);

    const returned = await returnItems(app.ctx, {
      shopId: shop,
      orderId: 'o-spec',
      returnId: 'r1',
      lines: [{ lineNo: 2, quantity: 1 }],
    });
    assert.equal(returned.keptEligibleCents, 3490);
    assert.equal(returned.pointsDeducted, 25);
    assert.equal(await balanceOf(app.ctx, shop, 'c1'), 34);
    assert.equal(await ledgerSum(app.ctx, shop, 'c1'), 34);
  });

  test('the same delivery and the same return twice change nothing the second time', async () => {
    const shop = await shopWithMember('twice');
    await deliveredAndReturned(shop);
    const again = await deliverOrder(app.ctx, { shopId: shop, orderId: 'o-spec' });
    assert.equal(again.outcome, 'duplicate');
    const returnAgain = await returnItems(app.ctx, {
      shopId: shop,
      orderId: 'o-spec',
      returnId: 'r1',
      lines: [{ lineNo: 2, quantity: 1 }],
    });
    assert.equal(returnAgain.outcome, 'duplicate');
    assert.equal(await balanceOf(app.ctx, shop, 'c1'), 34);
  });

  test('returning more than was ordered is refused and writes nothing', async () => {
    const shop = await shopWithMember('over');
    await deliveredAndReturned(shop);
    await assert.rejects(
      returnItems(app.ctx, {
        shopId: shop,
        orderId: 'o-spec',
        returnId: 'r2',
        lines: [{ lineNo: 2, quantity: 1 }],
      }),
      (e: unknown) => e instanceof DomainError && e.code === 'return_exceeds_order',
    );
    assert.equal(await balanceOf(app.ctx, shop, 'c1'), 34);
  });

  test('a return before delivery gives the same balance as after it', async () => {
    const shop = await shopWithMember('early');
    await placeOrder(app.ctx, specOrder(shop, 'o-early', 'c1', app.clock.now()));
    await returnItems(app.ctx, {
      shopId: shop,
      orderId: 'o-early',
      returnId: 'r-early',
      lines: [{ lineNo: 2, quantity: 1 }],
    });
    const delivered = await deliverOrder(app.ctx, { shopId: shop, orderId: 'o-early' });
    assert.equal(delivered.pointsEarned, 34);
    assert.equal(await balanceOf(app.ctx, shop, 'c1'), 34, 'as the SPEC example after its return');
  });

  test('a cancelled order earns nothing, and cancelling a delivered one takes its points back', async () => {
    const shop = await shopWithMember('cancel');
    await placeOrder(app.ctx, specOrder(shop, 'o-cancel', 'c1', app.clock.now()));
    const cancelled = await cancelOrder(app.ctx, { shopId: shop, orderId: 'o-cancel' });
    assert.equal(cancelled.outcome, 'applied');
    await assert.rejects(
      deliverOrder(app.ctx, { shopId: shop, orderId: 'o-cancel' }),
      (e: unknown) => e instanceof DomainError && e.code === 'order_cancelled',
    );
    await recordSale(app.ctx, { ...specOrder(shop, 'pos-1', 'c1', app.clock.now()), channel: 'pos' });
    assert.equal(await balanceOf(app.ctx, shop, 'c1'), 59, 'only the sale');
    const undone = await cancelOrder(app.ctx, { shopId: shop, orderId: 'pos-1' });
    assert.equal(undone.pointsDeducted, 59);
    assert.equal(await balanceOf(app.ctx, shop, 'c1'), 0);
    assert.equal(await ledgerSum(app.ctx, shop, 'c1'), 0);
  });

  test('guests, logged-out members and hidden versions earn nothing', async () => {
    const shop = await shopWithMember('guests');
    const guest = await recordSale(app.ctx, {
      ...specOrder(shop, 'g-1', null, app.clock.now()),
      loggedIn: false,
    });
    assert.equal(guest.pointsEarned, 0);
    const loggedOut = await recordSale(app.ctx, {
      ...specOrder(shop, 'lo-1', 'c1', app.clock.now()),
      loggedIn: false,
    });
    assert.equal(loggedOut.pointsEarned, 0);
    const b2b = await recordSale(app.ctx, {
      ...specOrder(shop, 'b2b-1', 'c1', app.clock.now()),
      storeVersionId: 'b2b',
    });
    assert.equal(b2b.pointsEarned, 0);
    assert.equal(await balanceOf(app.ctx, shop, 'c1'), 0);
  });

  test('bad input is refused with a precise error', async () => {
    const shop = await shopWithMember('bad');
    await placeOrder(app.ctx, specOrder(shop, 'o-spec', 'c1', app.clock.now()));
    const bad = { ...specOrder(shop, 'bad-1', 'c1', app.clock.now()) };
    bad.lines = [{ ...bad.lines[0]!, unitPriceCents: -100 }];
    await assert.rejects(placeOrder(app.ctx, bad), (e: unknown) => {
      assert.ok(e instanceof DomainError);
      assert.equal(e.code, 'invalid_input');
      assert.ok(e.fields.some((f) => f.field === 'lines.0.unitPriceCents'));
      return true;
    });
    await assert.rejects(
      placeOrder(app.ctx, specOrder(shop, 'x-1', 'nobody', app.clock.now())),
      (e: unknown) => e instanceof DomainError && e.code === 'customer_not_found',
    );
    await assert.rejects(
      deliverOrder(app.ctx, { shopId: shop, orderId: 'missing' }),
      (e: unknown) => e instanceof DomainError && e.code === 'order_not_found',
    );
    await assert.rejects(
      placeOrder(app.ctx, { ...specOrder(shop, 'o-spec', 'c1', app.clock.now()), customerId: null }),
      (e: unknown) => e instanceof DomainError && e.code === 'order_exists',
    );
  });
});
