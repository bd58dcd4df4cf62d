import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { balanceOf, ledgerSum, newCustomer } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { apiHarness, assertAnswer, join, orderBody } from './harness.ts';

// One server and database for the whole file; each test uses customers and orders of its own, so
// any test passes alone or in any order.
const h = suiteFixture(() => apiHarness());

/** A new customer of shop1 who joins the program now (10 join points). */
async function member(customerId: string) {
  await newCustomer(h.ctx, 'shop1', customerId);
  await join(h, customerId);
}

const DELIVERY = { deliveredAt: '2026-06-16T12:00:00+03:00' };
const RETURN = { lines: [{ lineNo: 2, quantity: 1 }], returnedAt: '2026-06-20T10:00:00Z' };

/**
 * A new member `customer` (10 join points) whose SPEC order `orderId` (59 points) is placed, then
 * delivered and its 25-point scarf returned as `${orderId}-r1` as far as `upTo` says.
 */
async function memberWithOrder(customer: string, orderId: string, upTo: 'placed' | 'delivered' | 'returned') {
  await member(customer);
  const placed = await h.call('POST', '/v1/orders', { body: orderBody(orderId, customer) });
  assert.equal(placed.status, 201, placed.text);
  if (upTo === 'placed') return;
  const delivered = await h.call('POST', `/v1/orders/${orderId}/deliver`, { body: DELIVERY });
  assert.equal(delivered.status, 200, delivered.text);
  if (upTo === 'delivered') return;
  const returned = await h.call('POST', `/v1/orders/${orderId}/returns`, {
    body: { id: `${orderId}-r1`, ...RETURN },
  });
  assert.equal(returned.status, 201, returned.text);
}

describe('orders: placed, delivered, returned, cancelled; POS sales', () => {
  test('a placed order earns nothing yet and says that it will', async () => {
    await join(h, 'c1');
    const placed = await h.call('POST', '/v1/orders', { body: orderBody('o1', 'c1') });
    assertAnswer(placed, 201, {
      object: 'order_placed',
      orderId: 'o1',
      outcome: 'applied',
      eligibleCents: 5990,
      earns: true,
      notEarningReason: null,
    });
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c1'), 10, 'only the join points');
  });

  test('the same order reported again is answered 200 and changes nothing', async () => {
    await memberWithOrder('c-again', 'o-again', 'placed');
    const again = await h.call('POST', '/v1/orders', { body: orderBody('o-again', 'c-again') });
    assert.deepEqual([again.status, again.body.outcome], [200, 'duplicate']);
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c-again'), 10);
  });

  test('delivery credits the points once, however often it is reported', async () => {
    await memberWithOrder('c-deliver', 'o-deliver', 'placed');
    const delivered = await h.call('POST', '/v1/orders/o-deliver/deliver', { body: DELIVERY });
    assertAnswer(delivered, 200, {
      object: 'delivery',
      orderId: 'o-deliver',
      outcome: 'applied',
      pointsEarned: 59,
      balance: 69,
    });
    const again = await h.call('POST', '/v1/orders/o-deliver/deliver');
    assert.deepEqual([again.status, again.body.outcome, again.body.balance], [200, 'duplicate', null]);
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c-deliver'), 69);
  });

  test('the order reads back with its lines, amounts and points', async () => {
    await memberWithOrder('c-read', 'o-read', 'delivered');
    const order = await h.call('GET', '/v1/orders/o-read');
    assert.equal(order.status, 200);
    assert.equal(order.body.status, 'delivered');
    assert.equal(order.body.deliveredAt, '2026-06-16T09:00:00.000Z');
    assert.equal(order.body.placedAt, '2026-06-15T10:00:00.000Z');
    assert.deepEqual(
      [order.body.productCents, order.body.eligibleCents, order.body.shippingCents, order.body.pointsEarned],
      [9990, 5990, 590, 59],
    );
    assert.deepEqual(
      order.body.lines.map((l: { lineNo: number; productId: string; giftCard: boolean }) => [
        l.lineNo,
        l.productId,
        l.giftCard,
      ]),
      [
        [1, 'jacket', false],
        [2, 'scarf', false],
        [3, 'gift-card', true],
      ],
    );
  });

  test('a return deducts the difference once; the order shows it', async () => {
    await memberWithOrder('c-return', 'o-return', 'delivered');
    const body = { id: 'r1', ...RETURN };
    const returned = await h.call('POST', '/v1/orders/o-return/returns', { body });
    assert.equal(returned.status, 201, returned.text);
    assert.deepEqual(
      [returned.body.outcome, returned.body.pointsDeducted, returned.body.keptEligibleCents],
      ['applied', 25, 3490],
    );
    const again = await h.call('POST', '/v1/orders/o-return/returns', { body });
    assert.deepEqual([again.status, again.body.outcome], [200, 'duplicate']);
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c-return'), 44);
    const order = await h.call('GET', '/v1/orders/o-return');
    assert.equal(order.body.pointsDeducted, 25);
    assert.equal(order.body.lines[1].returnedQuantity, 1);
    assert.deepEqual(order.body.returns, [
      {
        id: 'r1',
        lines: [{ lineNo: 2, quantity: 1 }],
        pointsDeducted: 25,
        createdAt: '2026-06-20T10:00:00.000Z',
      },
    ]);
  });

  test('cancelling a delivered order takes back what it still counts', async () => {
    await memberWithOrder('c-cancel', 'o-cancel', 'returned');
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c-cancel'), 44);
    const cancelled = await h.call('POST', '/v1/orders/o-cancel/cancel');
    assert.equal(cancelled.status, 200);
    assert.deepEqual(cancelled.body, {
      object: 'cancellation',
      orderId: 'o-cancel',
      outcome: 'applied',
      pointsDeducted: 34,
      code: null,
    });
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c-cancel'), 10);
    const again = await h.call('POST', '/v1/orders/o-cancel/cancel');
    assert.equal(again.body.outcome, 'duplicate');
  });

  test('a POS sale is placed and delivered in one call; a retry credits nothing more', async () => {
    await member('c-pos');
    const body = orderBody('pos-1', 'c-pos', {
      lines: [{ productId: 'boots', quantity: 1, unitPriceCents: 12990 }],
      codeDiscountCents: 0,
      shippingCents: 0,
    });
    delete (body as { channel?: string }).channel;
    const sale = await h.call('POST', '/v1/sales', { body });
    assertAnswer(sale, 201, {
      object: 'delivery',
      orderId: 'pos-1',
      outcome: 'applied',
      pointsEarned: 129,
      balance: 139,
    });
    const again = await h.call('POST', '/v1/sales', { body });
    assert.deepEqual([again.status, again.body.outcome], [200, 'duplicate']);
    const order = await h.call('GET', '/v1/orders/pos-1');
    assert.deepEqual([order.body.channel, order.body.status], ['pos', 'delivered']);
    assert.equal(await ledgerSum(h.ctx, 'shop1', 'c-pos'), 139);
  });

  test('ids with quotes, backslashes, tabs and any Unicode are kept exactly as sent', async () => {
    await member('c-ids');
    const id = 'pos "2" \\ ä\t😀';
    const body = orderBody(id, 'c-ids', {
      lines: [{ productId: `boots ${id}`, quantity: 1, unitPriceCents: 1000 }],
      codeDiscountCents: 0,
      shippingCents: 0,
    });
    const sale = await h.call('POST', '/v1/sales', { body });
    assert.deepEqual([sale.status, sale.body.orderId, sale.body.pointsEarned], [201, id, 10], sale.text);
    const order = await h.call('GET', `/v1/orders/${encodeURIComponent(id)}`);
    assert.deepEqual(
      [order.body.id ?? order.body.orderId, order.body.lines[0].productId],
      [id, `boots ${id}`],
    );
  });

  test('orders that do not earn say why: a guest, a customer not logged in, a hidden version', async () => {
    await member('c-none');
    const guest = await h.call('POST', '/v1/orders', { body: orderBody('g1', null) });
    assert.deepEqual([guest.body.earns, guest.body.notEarningReason], [false, 'not_member']);
    const loggedOut = await h.call('POST', '/v1/orders', {
      body: orderBody('lo1', 'c-none', { loggedIn: false }),
    });
    assert.deepEqual([loggedOut.body.earns, loggedOut.body.notEarningReason], [false, 'not_logged_in']);
    const hidden = await h.call('POST', '/v1/orders', {
      body: orderBody('b2b-1', 'c-none', { storeVersionId: 'b2b' }),
    });
    assert.deepEqual([hidden.body.earns, hidden.body.notEarningReason], [false, 'version_not_selected']);
    const delivered = await h.call('POST', '/v1/orders/b2b-1/deliver');
    assert.equal(delivered.body.pointsEarned, 0);
  });
});

describe('reviews: submitted, approved, rejected', () => {
  before(async () => {
    await join(h, 'c2');
    await h.call('POST', '/v1/sales', { body: orderBody('rv-o1', 'c2') });
  });

  test('the first approved review of an order pays the review points once', async () => {
    const submitted = await h.call('POST', '/v1/reviews', {
      body: { id: 'rv1', orderId: 'rv-o1', productId: 'jacket' },
    });
    assertAnswer(submitted, 201, {
      object: 'review',
      id: 'rv1',
      outcome: 'applied',
      status: 'submitted',
      pointsCredited: 0,
    });
    const before = await balanceOf(h.ctx, 'shop1', 'c2');
    const approved = await h.call('POST', '/v1/reviews/rv1/approve');
    assert.deepEqual(
      [approved.status, approved.body.status, approved.body.pointsCredited],
      [200, 'approved', 20],
    );
    await h.call('POST', '/v1/reviews', { body: { id: 'rv2', orderId: 'rv-o1', productId: 'scarf' } });
    const second = await h.call('POST', '/v1/reviews/rv2/approve');
    assert.equal(second.body.pointsCredited, 0, 'once per order');
    const again = await h.call('POST', '/v1/reviews/rv1/approve');
    assert.equal(again.body.outcome, 'duplicate');
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c2'), before + 20);
  });

  test('a submitted review reported again changes nothing; a rejection keeps paid points', async () => {
    await h.call('POST', '/v1/sales', { body: orderBody('rv-o2', 'c2') });
    const review = { id: 'rv3', orderId: 'rv-o2', productId: 'jacket' };
    assert.equal((await h.call('POST', '/v1/reviews', { body: review })).status, 201);
    const paid = await h.call('POST', '/v1/reviews/rv3/approve');
    assert.equal(paid.body.pointsCredited, 20);
    const again = await h.call('POST', '/v1/reviews', { body: review });
    assert.deepEqual([again.status, again.body.outcome], [200, 'duplicate']);
    const before = await balanceOf(h.ctx, 'shop1', 'c2');
    const rejected = await h.call('POST', '/v1/reviews/rv3/reject');
    assert.deepEqual(
      [rejected.status, rejected.body.status, rejected.body.pointsCredited],
      [200, 'rejected', 0],
    );
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c2'), before);
  });
});
